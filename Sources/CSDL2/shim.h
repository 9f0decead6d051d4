// SDL2, SDL2_ttf and SDL2_image from Debian's -dev packages, plus what Swift cannot import directly.
#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>
#include <SDL2/SDL_image.h>

static inline int shim_SDL_BlitSurface(SDL_Surface *src, const SDL_Rect *srcrect, SDL_Surface *dst, SDL_Rect *dstrect) {
    return SDL_UpperBlit(src, srcrect, dst, dstrect);
}
static const int shim_SDL_WINDOWPOS_CENTERED = SDL_WINDOWPOS_CENTERED;

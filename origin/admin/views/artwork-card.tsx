/** @jsxImportSource hono/jsx */
/** Poster, a strip of thumbnails over the duration, and the first storyboard sheet of the asset. */
import type { Artwork } from '../admin-deps.js';
import { formatMediaDuration } from '../format.js';

export function ArtworkCard(props: { title: string; artwork: Artwork | null }) {
  const { artwork, title } = props;
  const hasAny =
    artwork !== null &&
    (artwork.posterUrl !== null || artwork.storyboardSheetUrl !== null || artwork.thumbnails.length > 0);
  return (
    <section class="card section" aria-labelledby="artwork-heading" data-live-id="artwork">
      <div class="section-head">
        <h2 id="artwork-heading">Poster and storyboard</h2>
        {artwork?.storyboardVttUrl ? <a href={artwork.storyboardVttUrl}>storyboard.vtt</a> : null}
      </div>
      {!hasAny || artwork === null ? (
        <p class="muted">No poster or storyboard for this revision.</p>
      ) : (
        <>
          <div class="artwork">
            {artwork.posterUrl ? (
              <figure class="poster">
                <img src={artwork.posterUrl} alt={`Poster frame of ${title}`} loading="lazy" />
                <figcaption>Poster</figcaption>
              </figure>
            ) : null}
            {artwork.thumbnails.length > 0 ? (
              <ol class="thumbs" aria-label="Thumbnails over the duration">
                {artwork.thumbnails.map((thumb) => (
                  <li>
                    <img src={thumb.url} alt={`Frame at ${formatMediaDuration(thumb.atMs)}`} loading="lazy" />
                    <span class="num">{formatMediaDuration(thumb.atMs)}</span>
                  </li>
                ))}
              </ol>
            ) : null}
          </div>
          {artwork.storyboardSheetUrl ? (
            <details class="section">
              <summary>Storyboard sheet (seek-preview tiles, in time order)</summary>
              <img
                class="sheet"
                src={artwork.storyboardSheetUrl}
                alt={`Storyboard tiles of ${title}`}
                loading="lazy"
              />
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

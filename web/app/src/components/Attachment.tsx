import { useEffect, useState } from 'preact/hooks';
import type { AttachmentView, MediaDownload } from '@chat/client';
import type { Chat } from '../chat.js';
import { formatBytes } from '../upload.js';

/** An image as a thumbnail that opens the original; anything else as a chip with name and size. */
export function Attachment({ chat, a }: { chat: Chat; a: AttachmentView }) {
  const [media, setMedia] = useState<MediaDownload | undefined>();
  const [viewing, setViewing] = useState(false);
  const version = chat.mediaVersion(a.mediaId);
  useEffect(() => {
    chat.rest
      .getMedia(a.mediaId)
      .then(setMedia)
      .catch(() => setMedia(undefined));
  }, [a.mediaId, version]);
  const name = a.name ?? media?.media.fileName ?? 'file';
  if (a.kind === 'image') {
    const src = media?.thumbnailUrl ?? media?.url;
    return (
      <>
        {src ? (
          <button type="button" class="thumb" onClick={() => setViewing(true)} aria-label={`Open image ${name}`}>
            <img src={src} alt={name} width={a.width ?? undefined} height={a.height ?? undefined} />
          </button>
        ) : (
          <span class="chip">🖼 {name} (processing…)</span>
        )}
        {viewing && media?.url && <Viewer url={media.url} name={name} onClose={() => setViewing(false)} />}
      </>
    );
  }
  return (
    <a class="chip" href={media?.url} download={name} target="_blank" rel="noreferrer">
      📄 {name} <span class="size">{formatBytes(a.size ?? media?.media.size ?? 0)}</span>
    </a>
  );
}

function Viewer({ url, name, onClose }: { url: string; name: string; onClose: () => void }) {
  return (
    <dialog class="viewer" open aria-label={`Image ${name}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <img src={url} alt={name} />
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </dialog>
  );
}

import { useRef, useState } from 'preact/hooks';
import { ApiError, type MessageView } from '@chat/client';
import type { Chat } from '../chat.js';
import { putWithProgress } from '../upload.js';

export interface ComposerProps {
  chat: Chat;
  conversationId: string;
  replyTo: MessageView | undefined;
  editing: MessageView | undefined;
  onDone: () => void;
}

/**
 * Enter sends (Shift+Enter is a new line), Escape cancels a reply or an edit. A message goes into
 * the SDK's send queue, which keeps its clientMsgId across retries and reloads. Files upload to
 * the grant's URL with a progress bar and go out as an attachment once the server has checked them.
 */
export function Composer({ chat, conversationId, replyTo, editing, onDone }: ComposerProps) {
  const [text, setText] = useState('');
  const [upload, setUpload] = useState<{ name: string; progress: number } | undefined>();
  const [error, setError] = useState('');
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const editingSeq = useRef<number | undefined>(undefined);
  if (editing && editingSeq.current !== editing.seq) {
    editingSeq.current = editing.seq;
    setText(editing.text ?? '');
    queueMicrotask(() => input.current?.focus());
  }

  const submit = async () => {
    // The textarea, not the last render's state: a key can arrive before Preact re-renders.
    const typed = input.current?.value ?? text;
    const body = typed.trim();
    if (!body) return;
    setError('');
    chat.typing(conversationId, 'stop');
    if (editing) {
      try {
        await chat.rest.editMessage(conversationId, editing.seq, { text: body });
      } catch (e) {
        return setError(e instanceof ApiError ? e.message : 'Could not save the edit.');
      }
      setText('');
    } else {
      // Cleared before the queue's (IndexedDB) write: what is typed meanwhile is the next message,
      // and clearing after the write would erase it.
      setText('');
      try {
        await chat.queue.enqueue(conversationId, { text: body, ...(replyTo ? { replyToSeq: replyTo.seq } : {}) });
      } catch (e) {
        setText((current) => current || typed);
        return setError(e instanceof Error ? e.message : 'Could not queue the message.');
      }
    }
    editingSeq.current = undefined;
    onDone();
  };

  const sendFile = async (f: File) => {
    const caption = text;
    setError('');
    setUpload({ name: f.name, progress: 0 });
    try {
      const grant = await chat.rest.requestUpload({ conversationId, fileName: f.name, contentType: f.type || 'application/octet-stream', size: f.size });
      await putWithProgress(grant.upload, f, (progress) => setUpload({ name: f.name, progress }));
      await chat.rest.completeUpload(grant.media.id);
      await chat.queue.enqueue(conversationId, { attachments: [{ mediaId: grant.media.id }], ...(caption.trim() ? { text: caption.trim() } : {}) });
      // The caption went with the file; anything typed during the upload stays for the next message.
      setText((current) => (current === caption ? '' : current));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : e instanceof Error ? e.message : 'Upload failed.');
    } finally {
      setUpload(undefined);
    }
  };

  return (
    <form
      class={dragging ? 'composer dragging' : 'composer'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const f = e.dataTransfer?.files[0];
        if (f) void sendFile(f);
      }}
    >
      {(replyTo || editing) && (
        <p class="context">
          {editing ? 'Editing your message' : `Replying to ${chat.nameOf(replyTo!.senderId)}: ${replyTo!.text ?? ''}`}{' '}
          <button type="button" class="secondary" onClick={onDone}>
            Cancel
          </button>
        </p>
      )}
      {upload && (
        <p class="upload">
          <label for="upload-progress">Uploading {upload.name}</label>{' '}
          <progress id="upload-progress" max={1} value={upload.progress}>
            {Math.round(upload.progress * 100)}%
          </progress>
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="compose-row">
        <button type="button" class="secondary" onClick={() => file.current?.click()} aria-label="Attach a file">
          📎
        </button>
        <input
          ref={file}
          type="file"
          class="visually-hidden"
          tabIndex={-1}
          aria-label="File to send"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void sendFile(f);
          }}
        />
        <label for="compose" class="visually-hidden">
          Message
        </label>
        <textarea
          id="compose"
          ref={input}
          rows={1}
          placeholder="Write a message"
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            if (!editing) chat.typing(conversationId, e.currentTarget.value ? 'start' : 'stop');
          }}
          onBlur={() => chat.typing(conversationId, 'stop')}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void submit();
            } else if (e.key === 'Escape' && (replyTo || editing)) {
              setText('');
              editingSeq.current = undefined;
              onDone();
            }
          }}
        />
        <button type="submit">{editing ? 'Save' : 'Send'}</button>
      </div>
    </form>
  );
}

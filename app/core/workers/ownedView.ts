/**
 * A typed array that is the whole of its own ArrayBuffer, so transferring it moves exactly its
 * bytes. A view into something larger (a pooled Buffer, a decoder's scratch, the file the
 * pixels were cut from) is copied first: transferring that buffer would detach it for its other
 * users, or ship megabytes nobody asked for.
 */
export function ownedView<T extends ArrayBufferView>(view: T): T {
  if (view.byteOffset === 0 && view.buffer instanceof ArrayBuffer && view.byteLength === view.buffer.byteLength) return view;
  const copy = new Uint8Array(view.byteLength);
  copy.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  const Kind = view.constructor as new (buffer: ArrayBuffer) => T;
  return new Kind(copy.buffer);
}

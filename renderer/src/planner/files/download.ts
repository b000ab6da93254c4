/**
 * Saves `content` as a file through the browser's download (a blob URL on a link with `download`).
 * In Electron the same link goes through the default download handling (a save dialog), so the main
 * process needs no file-writing channel for exports.
 */
export function downloadFile(content: Blob, fileName: string): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click is handled; the URL only has to outlive this task.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Asks for one file through a file input and resolves with it, or null when the person cancels. In
 * Electron the input opens the native open dialog, so no main-process change is needed here either.
 */
export function chooseFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.hidden = true;
    const finish = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** A file name from a topology name: `Edge network` → `edge-network.svg`. */
export function fileNameFor(name: string, extension: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'topology'}.${extension}`;
}

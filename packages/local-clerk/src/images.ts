import fs from 'node:fs';
import path from 'node:path';
import { ClerkApiError } from './errors';
import { newId } from './ids';

/** An uploaded file as a form carries it. */
export interface UploadedFile {
  type: string;
  data: Buffer;
}

/** Clerk accepts these image types for avatars and logos, up to 10 MB. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** Uploaded avatars and logos, one file each in `<data folder>/local-clerk/images`, served by the Frontend API. */
export class ImageStore {
  constructor(private readonly directory: string | null) {}

  private fileOf(id: string) {
    if (!this.directory || !/^img_[0-9A-Za-z]+$/.test(id)) return null;
    return path.join(this.directory, id);
  }

  save(file: unknown): string {
    if (!isUploadedFile(file))
      throw new ClerkApiError(422, 'form_param_missing', 'file is missing', 'Upload an image as the form field `file`.', {
        param_name: 'file',
      });
    if (!IMAGE_TYPES.has(file.type)) {
      throw new ClerkApiError(
        422,
        'form_param_format_invalid',
        'Unsupported image type',
        `${file.type || 'This file'} is not an image Clerk accepts (PNG, JPEG, GIF, WebP).`,
        { param_name: 'file' },
      );
    }
    if (!this.directory) throw new ClerkApiError(400, 'local_mode_unsupported', 'Uploads need a data folder');
    const id = newId('img');
    fs.mkdirSync(this.directory, { recursive: true });
    fs.writeFileSync(path.join(this.directory, id), file.data, { mode: 0o600 });
    fs.writeFileSync(path.join(this.directory, `${id}.type`), file.type, { mode: 0o600 });
    return id;
  }

  read(id: string): UploadedFile | null {
    const file = this.fileOf(id);
    if (!file || !fs.existsSync(file)) return null;
    return { data: fs.readFileSync(file), type: fs.readFileSync(`${file}.type`, 'utf8') };
  }

  remove(id: string | null | undefined) {
    const file = id ? this.fileOf(id) : null;
    if (file) for (const name of [file, `${file}.type`]) fs.rmSync(name, { force: true });
  }
}

export const isUploadedFile = (value: unknown): value is UploadedFile =>
  typeof value === 'object' &&
  value !== null &&
  Buffer.isBuffer((value as UploadedFile).data) &&
  typeof (value as UploadedFile).type === 'string';

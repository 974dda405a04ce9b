import { CameraOutlined, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useT } from '../../../shared/i18n/i18n-context';
import { uploadCasePhoto } from '../api/cases-api';
import { MAX_PHOTOS } from '../lib/case-report';

interface Uploaded {
  id: string;
  preview: string;
}

/** Phone photos above this size are scaled down before they go up (the server takes 5 MB). */
const SHRINK_ABOVE_BYTES = 1_500_000;
const MAX_EDGE_PX = 1920;

/** A camera photo scaled to at most 1920 px as JPEG; the original when the browser cannot. */
async function shrink(file: File): Promise<Blob> {
  if (file.size <= SHRINK_ABOVE_BYTES || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE_PX / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', 0.85),
    );
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

export interface PhotoUploadProps {
  value: readonly string[];
  onChange: (ids: string[]) => void;
  testId?: string;
  /** Shown under the button, e.g. "处置后的现场照片（必传）". */
  hint?: string;
}

/**
 * Takes photos with the phone's rear camera (or picks files on a desktop), uploads each one
 * at once and hands back their ids for the report or the step that needs them.
 */
export function PhotoUpload({ value, onChange, testId = 'photo-upload', hint }: PhotoUploadProps) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const inputRef = useRef<HTMLInputElement>(null);
  const [uploaded, setUploaded] = useState<Uploaded[]>([]);
  const [busy, setBusy] = useState(0);
  // Previews made so far, revoked when the form goes away (removed ones go at once).
  const previewsRef = useRef(new Set<string>());

  useEffect(() => {
    const previews = previewsRef.current;
    return () => {
      for (const url of previews) URL.revokeObjectURL(url);
    };
  }, []);

  const add = async (files: FileList | null) => {
    const picked = [...(files ?? [])].slice(0, MAX_PHOTOS - value.length);
    if (inputRef.current) inputRef.current.value = '';
    let ids = [...value];
    for (const file of picked) {
      setBusy((n) => n + 1);
      try {
        const saved = await uploadCasePhoto(await shrink(file));
        const preview = URL.createObjectURL(file);
        previewsRef.current.add(preview);
        setUploaded((list) => [...list, { id: saved.id, preview }]);
        ids = [...ids, saved.id];
        onChange(ids);
      } catch (error) {
        void message.error(describe(error));
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };

  const remove = (id: string) => {
    const photo = uploaded.find((p) => p.id === id);
    if (photo) {
      URL.revokeObjectURL(photo.preview);
      previewsRef.current.delete(photo.preview);
    }
    setUploaded((list) => list.filter((p) => p.id !== id));
    onChange(value.filter((v) => v !== id));
  };

  const shown = uploaded.filter((p) => value.includes(p.id));
  return (
    <Flex vertical gap={8} data-testid={testId} data-count={value.length}>
      <Flex gap={8} wrap>
        {shown.map((photo) => (
          <div key={photo.id} className="onecity-case-thumb">
            <img src={photo.preview} alt={t('cases.photo.alt')} />
            <Button
              type="text"
              size="small"
              className="onecity-case-thumb-remove"
              icon={<CloseCircleFilled />}
              aria-label={t('cases.photo.remove')}
              onClick={() => remove(photo.id)}
            />
          </div>
        ))}
        {value.length < MAX_PHOTOS ? (
          <Button
            className="onecity-case-thumb-add"
            icon={busy > 0 ? <LoadingOutlined /> : <CameraOutlined />}
            onClick={() => inputRef.current?.click()}
            disabled={busy > 0}
          >
            {t('cases.photo.take')}
          </Button>
        ) : null}
      </Flex>
      <input
        ref={inputRef}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-input`}
        onChange={(event) => void add(event.target.files)}
      />
      {hint ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
    </Flex>
  );
}

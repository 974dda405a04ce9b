import { useEffect, useState } from 'react';
import { fetchCasePhoto } from '../api/cases-api';

/**
 * Object URLs for case photos, fetched with the session's token (an <img src> cannot send
 * it) and revoked when the ids change or the page goes away. A photo that fails is left out.
 */
export function usePhotoUrls(ids: readonly string[]): ReadonlyMap<string, string> {
  const [urls, setUrls] = useState<ReadonlyMap<string, string>>(new Map());
  const key = ids.join(',');
  useEffect(() => {
    const controller = new AbortController();
    const made: string[] = [];
    const wanted = key ? key.split(',') : [];
    Promise.all(
      wanted.map((id) =>
        fetchCasePhoto(id, controller.signal).then(
          (blob) => {
            if (controller.signal.aborted) return null;
            const url = URL.createObjectURL(blob);
            made.push(url);
            return [id, url] as const;
          },
          () => null,
        ),
      ),
    ).then(
      (pairs) => {
        if (controller.signal.aborted) return;
        setUrls(new Map(pairs.filter((p): p is readonly [string, string] => p !== null)));
      },
      () => undefined,
    );
    return () => {
      controller.abort();
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [key]);
  return urls;
}

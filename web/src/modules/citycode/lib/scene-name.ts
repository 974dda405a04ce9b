import type { Locale } from '../../../shared/i18n/locale';

interface Named {
  name: string;
  nameEn?: string | null;
}

/** A scene's name in the UI's language: its English name under English when it has one. */
export function sceneName(scene: Named, locale: Locale): string {
  const english = scene.nameEn?.trim();
  return locale === 'en-US' && english ? english : scene.name;
}

/**
 * Names scenes by id from the scene list (which has the English names), for answers that
 * carry only an id and the Chinese name (the statistics, the scanners).
 */
export function sceneNamer(
  scenes: readonly (Named & { id: string })[],
  locale: Locale,
): (sceneId: string, fallback?: string) => string {
  const byId = new Map(scenes.map((s) => [s.id, s]));
  return (sceneId, fallback) => {
    const scene = byId.get(sceneId);
    return scene ? sceneName(scene, locale) : (fallback ?? sceneId);
  };
}

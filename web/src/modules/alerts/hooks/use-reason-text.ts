import { useCallback } from 'react';
import { useI18n } from '../../../shared/i18n/i18n-context';
import type { useIotCatalog } from '../../iot/hooks/use-iot-catalog';
import { propertyLabels, reasonText } from '../lib/alert-reason';

/** An alert's reason with its device's property names and units, in the page's language. */
export function useReasonText(catalog: ReturnType<typeof useIotCatalog>) {
  const { t, locale } = useI18n();
  const { productById } = catalog;
  return useCallback(
    (alert: { reason: string; productId: string }) =>
      reasonText(
        alert.reason,
        t,
        propertyLabels(
          productById.get(alert.productId)?.thingModel.properties ?? [],
          locale === 'zh-CN',
        ),
      ),
    [t, locale, productById],
  );
}

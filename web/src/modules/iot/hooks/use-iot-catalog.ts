import { useMemo } from 'react';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import type { Locale } from '../../../shared/i18n/locale';
import { listDepartments, listProducts, type Department, type Product } from '../api/iot-api';

const loadProducts = (signal: AbortSignal) => listProducts(signal).then((list) => list.items);
const loadDepartments = (signal: AbortSignal) => listDepartments(signal).then((list) => list.items);

export function productName(product: Pick<Product, 'name' | 'nameEn'>, locale: Locale): string {
  return locale === 'zh-CN' ? product.name : product.nameEn;
}

export function departmentName(
  department: Pick<Department, 'name' | 'nameEn'>,
  locale: Locale,
): string {
  return locale === 'zh-CN' ? department.name : department.nameEn;
}

export interface Option {
  value: string;
  label: string;
}

/** Products and departments: small lists every IoT and alert page labels things with. */
export function useIotCatalog() {
  const { locale } = useI18n();
  const products = useAsync(loadProducts);
  const departments = useAsync(loadDepartments);
  return useMemo(() => {
    const productList = products.status === 'success' ? products.data : [];
    const departmentList = departments.status === 'success' ? departments.data : [];
    const productById = new Map(productList.map((p) => [p.id, p]));
    const departmentById = new Map(departmentList.map((d) => [d.id, d]));
    return {
      products,
      departments,
      productById,
      productLabel: (id: string) => {
        const product = productById.get(id);
        return product ? productName(product, locale) : id;
      },
      departmentLabel: (id: string | null) => {
        if (!id) return '';
        const department = departmentById.get(id);
        return department ? departmentName(department, locale) : id;
      },
      productOptions: productList.map((p): Option => ({
        value: p.id,
        label: productName(p, locale),
      })),
      departmentOptions: departmentList.map((d): Option => ({
        value: d.id,
        label: departmentName(d, locale),
      })),
    };
  }, [products, departments, locale]);
}

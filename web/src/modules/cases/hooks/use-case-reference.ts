import { useEffect, useState } from 'react';
import {
  listAllDepartments,
  listCaseClasses,
  type CaseClass,
  type Department,
} from '../api/cases-api';

export interface CaseReference {
  classes: CaseClass[];
  departments: ReadonlyMap<string, Department>;
  loaded: boolean;
}

let cached: Promise<Omit<CaseReference, 'loaded'>> | null = null;

/** Classes and departments change rarely: loaded once per page load, shared by every page. */
function loadReference(): Promise<Omit<CaseReference, 'loaded'>> {
  cached ??= Promise.all([listCaseClasses(), listAllDepartments()]).then(
    ([classes, departments]) => ({
      classes: classes.items,
      departments: new Map(departments.items.map((d) => [d.id, d])),
    }),
    (error: unknown) => {
      cached = null;
      throw error;
    },
  );
  return cached;
}

const EMPTY: CaseReference = { classes: [], departments: new Map(), loaded: false };

/** The GB/T 30428 classes and the departments, for pickers and names; empty until loaded. */
export function useCaseReference(): CaseReference {
  const [reference, setReference] = useState<CaseReference>(EMPTY);
  useEffect(() => {
    let live = true;
    loadReference().then(
      (loaded) => {
        if (live) setReference({ ...loaded, loaded: true });
      },
      // Pages still work without names: ids stand in for them.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return reference;
}

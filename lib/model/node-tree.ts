/**
 * Where the nodes of a parsed mesh file start, kept compact: the fast readers (fast-yaml.ts, fast-json.ts) log every
 * node of the document, in document order, as the parser reports it, and locate a field path later by walking down
 * from the root. A 2.5 MB, 5,000-workload mesh file has about 270,000 nodes (scalars included): one object and one
 * child array per node, plus a Map over them, cost more than the parse itself (0.42–0.48 s against js-yaml's 0.3 s,
 * mostly garbage collection). Here a node is its index in the log: two integers in typed arrays (where it starts,
 * where its subtree ends), and the children of a node are listed only when a located path walks through it.
 */
export class NodeTree {
  /** Offset in the text where node `i` starts. */
  private starts = new Int32Array(4096);
  /** Index of the first node after node `i`'s subtree (its next sibling, when it has one). */
  private ends = new Int32Array(4096);
  private size = 0;
  private readonly openNodes: number[] = [];
  /** Children of the nodes a located path went through, listed on first use. */
  private readonly childLists = new Map<number, Int32Array>();

  /** Number of nodes logged so far. */
  public get count(): number {
    return this.size;
  }

  /** A node starts at `offset`; every node opened before it closes is one of its descendants. Returns its index. */
  public open(offset: number): number {
    if (this.size === this.starts.length) this.grow();
    this.starts[this.size] = offset;
    this.openNodes.push(this.size);
    return this.size++;
  }

  /** The innermost open node ends. Returns its index. */
  public close(): number {
    const node = this.openNodes.pop()!;
    this.ends[node] = this.size;
    return node;
  }

  /** A node without children. */
  public leaf(offset: number): number {
    this.open(offset);
    return this.close();
  }

  /** Whether every opened node was closed (a parser that stopped half-way leaves nodes open). */
  public get complete(): boolean {
    return this.openNodes.length === 0;
  }

  public start(node: number): number {
    return this.starts[node];
  }

  /** The direct children of `node`, in document order. */
  public children(node: number): Int32Array {
    let list = this.childLists.get(node);
    if (!list) {
      let n = 0;
      for (let c = node + 1; c < this.ends[node]; c = this.ends[c]) n++;
      list = new Int32Array(n);
      for (let c = node + 1, i = 0; c < this.ends[node]; c = this.ends[c]) list[i++] = c;
      this.childLists.set(node, list);
    }
    return list;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

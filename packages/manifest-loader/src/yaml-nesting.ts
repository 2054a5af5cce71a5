import { CST } from "yaml";

/** A block collection still open: the column of its items and whether they are `- ` items or keys. */
interface OpenBlock {
  readonly column: number;
  readonly kind: "seq" | "map";
}

/** Lexemes the `yaml` lexer adds that are not in the source. */
const SYNTHETIC = new Set(["doc-mode", "flow-error-end", "scalar"]);

/**
 * Follows how deep mappings and lists nest, lexeme by lexeme, without building them: the
 * `yaml` composer recurses once per level, so a document nested a million levels deep
 * (`[[[[…`, or `- - - - …`) must be refused before it reaches the composer. Flow collections
 * count their brackets; block collections are tracked by the column of their `-`, `?` and
 * `key:` indicators. For well-formed YAML the count matches the data's nesting, except that a
 * flow sequence of `key: value` pairs counts one level less than the mappings it makes.
 */
export class YamlNestingGauge {
  private readonly blocks: OpenBlock[] = [];
  private flowDepth = 0;
  private column = 0;
  /** Column where the current block node starts, if it has started. */
  private nodeColumn: number | undefined;
  private atScalar = false;
  /** Offset in the source of the next lexeme. */
  offset = 0;

  /** @param maxDepth - deepest nesting allowed */
  constructor(private readonly maxDepth: number) {}

  /** Current nesting: open block collections plus open flow collections. */
  get depth(): number {
    return this.blocks.length + this.flowDepth;
  }

  /**
   * Takes the next lexeme.
   *
   * @param lexeme - a lexeme from the `yaml` `Lexer`
   * @returns false when the nesting now exceeds the limit
   */
  push(lexeme: string): boolean {
    const type = this.atScalar ? "scalar-source" : CST.tokenType(lexeme);
    this.atScalar = type === "scalar";
    if (type !== null && SYNTHETIC.has(type)) {
      if (type === "scalar") this.startNode();
      return true;
    }
    const at = this.column;
    this.advance(lexeme);
    switch (type) {
      case "newline":
        this.nodeColumn = undefined;
        return true;
      case "space":
      case "comment":
      case "byte-order-mark":
        return true;
      case "doc-start":
      case "doc-end":
        this.blocks.length = 0;
        this.flowDepth = 0;
        this.nodeColumn = undefined;
        return true;
      case "seq-item-ind":
      case "explicit-key-ind":
        if (this.flowDepth === 0) this.enter(at, type === "seq-item-ind" ? "seq" : "map");
        this.nodeColumn = undefined;
        break;
      case "map-value-ind":
        if (this.flowDepth === 0) this.enter(this.nodeColumn ?? at, "map");
        this.nodeColumn = undefined;
        break;
      case "flow-map-start":
      case "flow-seq-start":
        this.startNode(at);
        this.flowDepth++;
        break;
      case "flow-map-end":
      case "flow-seq-end":
        this.flowDepth = Math.max(0, this.flowDepth - 1);
        return true;
      default:
        this.startNode(at);
        return true;
    }
    return this.depth <= this.maxDepth;
  }

  private startNode(column = this.column): void {
    if (this.flowDepth === 0 && this.nodeColumn === undefined) this.nodeColumn = column;
  }

  private advance(lexeme: string): void {
    this.offset += lexeme.length;
    const newline = lexeme.lastIndexOf("\n");
    this.column = newline === -1 ? this.column + lexeme.length : lexeme.length - newline - 1;
  }

  /** A block item at `column`: closes the collections it ends, opens one if it starts a new one. */
  private enter(column: number, kind: OpenBlock["kind"]): void {
    const blocks = this.blocks;
    while ((blocks.at(-1)?.column ?? -1) > column) blocks.pop();
    let top = blocks.at(-1);
    if (top?.column === column && top.kind === "seq" && kind === "map") {
      blocks.pop(); // `key:` back at the column of a list that was the value of the previous key
      top = blocks.at(-1);
    }
    if (top?.column === column && top.kind === kind) return;
    blocks.push({ column, kind });
  }
}

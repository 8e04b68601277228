/**
 * The parts of a parsed CEL expression (`cel.expr.Expr`, as `@bufbuild/cel`'s `parse` returns it)
 * that compiling a rule reads: the node kinds, and what a selection, a call and a comprehension
 * hold. Read structurally, without the protobuf types.
 */

/** One node of a parsed expression. */
export interface ExprNode {
  readonly exprKind?: { readonly case?: string; readonly value?: unknown };
}

/** A field selection, `operand.field`; `testOnly` for `has(operand.field)`. */
export interface SelectValue {
  readonly operand?: ExprNode;
  field: string;
  readonly testOnly: boolean;
}

/** A call: a function or operator (`_[_]`, `_==_`), or a method of `target`. */
export interface CallValue {
  readonly function: string;
  readonly target?: ExprNode;
  readonly args: readonly ExprNode[];
}

/** A comprehension (what the macros `all`, `exists`, `map`... expand to), with the names it binds. */
export interface ComprehensionValue {
  readonly iterVar?: string;
  readonly iterVar2?: string;
  readonly accuVar?: string;
}

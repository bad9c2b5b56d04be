export {
  type Fen,
  FEN_PER_YUAN,
  MoneyError,
  ZERO_FEN,
  addFen,
  compareFen,
  fen,
  fromYuan,
  isPositiveFen,
  multiplyFen,
  subtractFen,
  sumFen,
} from './fen';
export { type FormatYuanOptions, formatYuan, parseYuan } from './yuan-format';
export { allocateFen, splitFen } from './allocate';

/**
 * Header row of the card platform's (一键达) daily statement CSV: the platform writes it, payment's
 * reconciliation reads it. Hand-written: the statement is a file, not a protobuf message.
 */
export const cardStatementHeader = '幂等键,平台流水号,市民卡号,金额(分),状态,入账时间';

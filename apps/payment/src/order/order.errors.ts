import { conflict } from '@jh/platform-errors';
import type { OrderStatus } from './order.model';
import { statusText } from './order.view';

export const stateConflict = (status: OrderStatus, action: string) =>
  conflict('ORDER_STATE_CONFLICT', `支付指令当前状态为「${statusText[status]}」，不能${action}`);

export const changedMeanwhile = () =>
  conflict('ORDER_CHANGED_MEANWHILE', '支付指令已被他人或系统同时处理，请刷新后重试');

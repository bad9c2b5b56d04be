/**
 * Who a payment goes to, as orders and monthly recipients store it: `idNumber` and `citizenCardNo`
 * are sealed at rest (issue 14) with their blind indexes beside them; stores hand them out opened.
 */
export interface PayeeIdentity {
  name: string;
  idNumber: string;
  citizenCardNo: string;
  regionCode: string;
  idNumberBidx?: string;
  citizenCardNoBidx?: string;
}

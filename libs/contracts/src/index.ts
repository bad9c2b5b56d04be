// Public API of @jh/contracts: generated protobuf types (./gen, DO NOT EDIT) and the hand-written
// event registry. `export *` is safe while message names are unique across packages; if two
// packages ever define the same name, replace the clashing line with explicit aliased exports.
export * from './gen/jh/approval/v1/approval';
export * from './gen/jh/approval/v1/review';
export * from './gen/jh/catalogue/v1/assistance_item';
export * from './gen/jh/certification/v1/certification';
export * from './gen/jh/events/v1/envelope';
export * from './gen/jh/intake/v1/application';
export * from './gen/jh/intake/v1/intake_service';
export * from './gen/jh/jointhandling/v1/part';
export * from './gen/jh/outreach/v1/signal';
export * from './gen/jh/payment/v1/payment';
export * from './gen/jh/cardplatform/v1/card_platform';
export * from './topics';
export * from './assistance-items';
export * from './card-platform-statement';

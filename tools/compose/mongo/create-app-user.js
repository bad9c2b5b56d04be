/* global db */
// Runs once, when the MongoDB volume is empty (docker-entrypoint-initdb.d), as the root user.
// The services log in as MONGO_APP_USERNAME with readWrite on their own databases only; the root
// user is for operators and the healthcheck.
const databases = [
  'jh_intake',
  'jh_civil_affairs',
  'jh_education',
  'jh_housing',
  'jh_medical',
  'jh_employment',
  'jh_payment',
];
db.getSiblingDB('admin').createUser({
  user: process.env.MONGO_APP_USERNAME,
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: databases.map((name) => ({ role: 'readWrite', db: name })),
});

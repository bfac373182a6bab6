// The messages a person can meet, each with a stable code and its parameters, so a client shows
// them in its own language: the API answers `reason` (the code) and `params` beside the English
// `message`, and the web translates the code (web/src/i18n/server-messages/), falling back to the
// English message for a code it does not know. A test keeps every code here translated in the web.
// The English text below is the API's `message`; {name} is filled from the params.

export const MESSAGES = {
  // Generic: any not-found, forbidden, and input rejected by a field's validation (zod).
  notFound: '{entity} "{key}" does not exist',
  forbidden: 'Not authorized for this operation',
  'input.tooShort': 'must be at least {min} characters',
  'input.tooLong': 'must be at most {max} characters',
  'input.tooSmall': 'must be at least {min}',
  'input.tooBig': 'must be at most {max}',
  'input.tooFew': 'must contain at least {min} items',
  'input.tooMany': 'must contain at most {max} items',
  'input.badFormat': 'is not in the expected format ({format})',
  'input.notInteger': 'must be a whole number',
  'input.badValue': 'is not one of the accepted values',
  'input.badId': 'is not a valid id',
  'input.notIdOf': 'is not a {kind} id',
  'input.badCursor': 'is not a cursor returned by this list',
  'input.pageTooBig': 'must be at most {max} (got {got})',
  'input.negative': 'must not be negative (got {got})',
  'input.tooManyIds': 'must list at most {max} ids (got {got})',
  'input.future': 'is in the future',
  'input.empty': 'must not be empty',
  // A field checked against a named pattern (domain/formats.ts): the hint says what is expected.
  'format.stationCode': 'must look like SH-00123',
  'format.campaignCode': 'must be 3-32 of A-Z, 0-9 and -',
  'format.factorSetVersion': 'must be 2-64 characters of A-Z, 0-9, ".", "_", "-", e.g. DESNZ-2026',
  'format.sourceUrl': 'must be an http(s) link or a docs/ path without spaces',
  // Days and instants (GraphQL Date/DateTime and the CSV route's query parameters: domain/time.ts).
  'date.badFormat': 'must be a date "YYYY-MM-DD", got {value}',
  'date.yearOutOfRange': 'year must be between {min} and {max}',
  'date.notReal': 'is not a real calendar date',
  'instant.badFormat': 'must be an ISO 8601 timestamp with an offset, e.g. "2026-11-11T09:30:00+08:00", got {value}',
  'instant.noOffset': 'needs an explicit offset ("Z" or e.g. "+08:00"), got {value}',
  'instant.notTimeOfDay': 'is not a real time of day',
  'instant.badOffset': 'has an impossible offset',
  // Limits on one request (schema/cost.ts, http/errors.ts, http/imports.ts).
  'query.tooDeep': 'Query too complex: it nests {depth} levels deep (at most {maxDepth})',
  'query.tooBroad': 'Query too complex: it selects {breadth} fields (at most {maxBreadth})',
  'query.tooCostly':
    'Query too complex: it would cost {cost} (budget {maxCost}; list sizes multiply: ask for smaller pages or fewer nested lists)',
  'http.bodyTooLarge': 'Request body is too large',
  'import.uploadTooLarge': 'The file is larger than {mb} MB: split it into smaller files',
  'auth.roleForbidden': 'Your role does not allow this operation here',
  'auth.signInToDoThis': 'Sign in to do this',
  'auth.signInNeeded':
    'Sign in and send "Authorization: Bearer <token>" (or "X-Device-Token" from a paired counter device)',
  'db.timeout':
    'The database stopped this request: it ran longer than the statement timeout. Ask for less (a shorter period, fewer stations) or retry later',

  // Sign-in and sessions.
  'auth.wrongCredentials': 'Email or password is wrong',
  'auth.throttled': 'Too many failed sign-ins; try again in {seconds} s',
  'auth.deactivated': 'This account is deactivated; ask your manager',
  'auth.sessionEnded': 'Your session has ended (password, role or station changed): sign in again',
  'auth.signedOut': 'Nobody is signed in',

  // Tokens (a session's or a green-points member's).
  'token.expired': 'Token has expired; sign in again',
  'token.badClaims': 'Token claims are invalid; sign in again',
  'token.noClaim': 'Token has no "{claim}" claim (every token must expire); sign in again',
  'token.badSignature': 'Token signature is invalid',
  'token.malformed': 'Token is malformed or not issued by this server',
  'token.badHeader': 'Authorization header must be "Bearer <token>"',
  'member.tokenExpired': 'Member token has expired; sign in again with your member code and secret',
  'member.badClaims': 'Member token claims are invalid; sign in again',
  'member.unknown': 'This member code is not known here; join again',
  'member.signedOutEverywhere': 'You signed out on every device; sign in again with your member code and secret',
  'member.wrongSecret': 'Member code or secret is wrong',

  // Accounts (admin console).
  'account.stationRequired': 'is required for station staff',
  'account.stationDecommissioned': 'station {station} is decommissioned',
  'account.stationOnlyForStaff': 'is only for station staff',
  'account.cityRequired': 'is required for a city manager',
  'account.cityOnlyForManagers': 'is only for city managers',
  'account.badEmail': 'is not an email address',
  'account.badPhone': 'is not a phone number (11-digit mobile, or +country code)',
  'account.loginNeeded': 'an email or a phone number is needed to sign in',
  'account.loginTaken': 'Another account already uses {login}',
  'account.managerCreatesStaffOnly': 'City managers create station staff of their own city only',
  'account.createForbidden': 'Only admins and city managers create accounts',
  'account.manageForbidden': 'You cannot manage this account',
  'account.ownRole': 'You cannot change your own role; ask another admin',
  'account.moveForbidden': 'You cannot move this account there',
  'account.noChange': 'changes nothing',
  'account.deactivatedReactivateFirst': 'This account is deactivated: reactivate it first',
  'account.deactivateSelf': 'You cannot deactivate your own account',
  'account.alreadyDeactivated': 'This account is already deactivated',
  'account.notDeactivated': 'This account is not deactivated',

  // Activation and passwords.
  'activation.badCode':
    'is not valid or has expired (codes last 72 hours and work once): ask your manager for a new one',
  'password.personOnly': 'Sign in as a person to change your password',
  'password.wrongCurrent': 'is not your current password',
  'password.unchanged': 'is the same as the current password',
  'password.tooShort': 'must be at least {min} characters',
  'password.tooLong': 'must be at most {max} characters',
  'password.tooEasy': 'is too easy to guess; use a longer phrase of unrelated words',
  'password.tooEasy.topTen':
    'is too easy to guess: it is one of the ten most common passwords; use a longer phrase of unrelated words',
  'password.tooEasy.topHundred':
    'is too easy to guess: it is one of the hundred most common passwords; use a longer phrase of unrelated words',
  'password.tooEasy.common':
    'is too easy to guess: it is a commonly used password; use a longer phrase of unrelated words',
  'password.tooEasy.similarToCommon':
    'is too easy to guess: it is too similar to a commonly used password; use a longer phrase of unrelated words',
  'password.tooEasy.wordByItself':
    'is too easy to guess: it is a single word, which is easy to guess; use a longer phrase of unrelated words',
  'password.tooEasy.namesByThemselves':
    'is too easy to guess: it is a name, which is easy to guess; use a longer phrase of unrelated words',
  'password.tooEasy.commonNames':
    'is too easy to guess: it is a common name, which is easy to guess; use a longer phrase of unrelated words',
  'password.tooEasy.userInputs':
    'is too easy to guess: it contains your name, email or phone; use a longer phrase of unrelated words',
  'password.tooEasy.straightRow':
    'is too easy to guess: it is a row of keys on the keyboard; use a longer phrase of unrelated words',
  'password.tooEasy.keyPattern':
    'is too easy to guess: it is a keyboard pattern; use a longer phrase of unrelated words',
  'password.tooEasy.simpleRepeat':
    'is too easy to guess: it repeats characters (like "aaa"); use a longer phrase of unrelated words',
  'password.tooEasy.extendedRepeat':
    'is too easy to guess: it repeats a pattern (like "abcabc"); use a longer phrase of unrelated words',
  'password.tooEasy.sequences':
    'is too easy to guess: it is a sequence (like "abc" or "123"); use a longer phrase of unrelated words',
  'password.tooEasy.recentYears': 'is too easy to guess: it is a recent year; use a longer phrase of unrelated words',
  'password.tooEasy.dates': 'is too easy to guess: it is a date; use a longer phrase of unrelated words',

  // Counter devices and pairing.
  'device.pairForbidden': "Only the station's staff, the city's manager and admins pair devices",
  'device.stationDecommissioned': 'Station {station} is decommissioned',
  'device.pairingThrottled': 'too many wrong pairing codes were tried: wait ten minutes',
  'device.badPairingCode': 'is not a valid pairing code, or it has expired (codes last 10 minutes and work once)',
  'device.revokeForbidden': 'You cannot revoke this device',
  'device.alreadyRevoked': 'This device is already revoked',
  'device.revokedJustNow': 'This device was revoked by someone else just now',
  'device.notPaired': 'This device is not paired (or its credential is wrong): pair it again at /station/pair',
  'device.revoked': 'This device was revoked: pair it again at /station/pair',
  'device.listForbidden': 'You cannot see the devices of this station',
  'device.analystsForbidden': 'Analysts do not manage devices',

  // Imports: the whole file, its header, and each row's cells (row and column are given apart).
  'import.forbidden': 'Only admins and city managers can import',
  'import.fileTooLarge': 'is {size} MB; the limit is {limit} MB (split the file)',
  'import.dryRunRunning': 'This dry run is still checking the file; apply it when it is done',
  'import.dryRunHasProblems': 'This dry run found problems: fix the file and run it again',
  'import.dryRunApplied': 'This dry run was already applied; upload the file again for a new dry run',
  'import.notFinished': 'This import has not finished',
  'import.codesNotYours': 'Not yours',
  'import.codesGone':
    'The codes of this import were already shown (or the server restarted): issue new ones per station',
  'import.codesForbidden': "Only admins and the city's manager can issue codes for this station",
  'file.empty': 'The file is empty',
  'file.xls': 'This is an old Excel .xls file: save it as .xlsx (Excel Workbook) or CSV UTF-8 and upload again',
  'file.badBom': 'The file starts with a UTF-8 BOM but is not valid UTF-8',
  'file.binary': 'This is not a text (CSV) or Excel (.xlsx) file',
  'file.encoding': 'The file is neither UTF-8 nor GB18030/GBK text: save it as "CSV UTF-8" and upload again',
  'file.badCsv': 'The CSV cannot be read from row {row} on ({detail}): check the quotes in that row',
  'file.noHeader': 'The file has no header row',
  'file.badXlsx': 'The Excel file cannot be opened (damaged, password-protected or not .xlsx)',
  'file.noSheet': 'The Excel file has no sheet with data',
  'file.merged': 'Cells {range} are merged: unmerge them so every row has its own values (sheet "{sheet}")',
  'file.noStationRows': 'The file has a header but no station rows',
  'file.noStaffRows': 'The file has a header but no staff rows',
  'header.unknown': 'Unknown column "{column}"; the columns are: {columns}',
  'header.twice': 'Column "{column}" appears twice (columns {first} and {second})',
  'header.missing': 'Required column "{column}" is missing',
  'cell.date': 'is a date ({date}): Excel turned the value into a date; format the column as Text and type it again',
  'cell.excelError': 'holds the Excel error {error}',
  'cell.formula': 'is a formula without a saved value: paste values instead',
  'row.extraCells': 'has {cells} cells but the header has {columns} columns (a comma inside a value needs quotes)',
  'row.empty': 'is empty',
  'row.tooLong': 'is longer than {max} characters',
  'row.duplicate': '{value} appears twice in the file (also row {row})',
  'row.badStationCode': '"{value}" is not a station code like SH-00123',
  'row.unknownCity': 'unknown city "{value}" (use a city code such as SH, or its name)',
  'row.otherCity': 'is {city}: you can import stations of {onlyCity} only',
  'row.codeCity': 'must start with the city code "{city}-"',
  'row.badCoordSystem': '"{value}" is not WGS84 or GCJ02',
  'row.badLat': '"{value}" is not a latitude (-90 to 90)',
  'row.badLng': '"{value}" is not a longitude (-180 to 180)',
  'row.outsideCity': 'the point is {km} km from the centre of {city}: outside the city (lat/lng swapped?)',
  'row.badCapacity': '"{value}" is not a whole number of items from {min} to {max}',
  'row.badStatus': '"{value}" is not OPEN, FULL, CLOSED or MAINTENANCE',
  'row.decommissioned': '{code} was decommissioned: it cannot be imported again',
  'row.cityMove': '{code} is a station of {city}; a station cannot move to another city',
  'row.unknownStation': 'unknown station "{value}"',
  'row.stationDecommissioned': 'station {station} is decommissioned',
  'row.staffOtherCity': '{station} is in {city}: you can import staff of {onlyCity} only',
  'row.badEmail': '"{value}" is not an email address',
  'row.badPhone': '"{value}" is not a phone number (11-digit mobile, or +country code)',
  'row.loginNeeded': 'a phone number or an email is needed to sign in',
  'row.notStaffRole': '"{value}": a staff file creates station staff (STATION_STAFF) only; add managers in Users',
  'row.twoAccounts': '{email} and {phone} belong to two different accounts',
  'row.otherRole': 'belongs to a {role} account: change it in Users',
  'row.accountOtherCity': 'belongs to an account of another city',

  // Stations (console and map).
  'station.codeCity': 'must start with the city code "{city}-"',
  'station.outsideCity': 'is {km} km from the centre of {city}; check the coordinates (WGS-84, lat/lng not swapped)',
  'station.gcjPair': 'is needed with the other coordinate to convert from GCJ-02',
  'station.exists': 'Station {code} already exists',
  'station.noChange': 'names no field to change',
  'station.manageForbidden': "Only admins and the city's manager can do this",
  'station.alreadyDecommissioned': 'Station {code} is already decommissioned',
  'station.decommissionedJustNow': 'Station {code} was decommissioned by someone else just now',
  'station.inService': 'Station {code} is in service',
  'station.recommissionedJustNow': 'Station {code} was put back in service by someone else just now',

  // The counter: drop-offs and voids.
  'dropOff.none': 'must contain at least one item',
  'dropOff.tooMany': 'has {count} items: at most {max} per batch',
  'dropOff.future': 'is in the future',
  'dropOff.tooOld': 'is older than 30 days',
  'dropOff.tooHeavy': 'is {kg} kg for {quantity} item(s): over {max} kg per item',
  'dropOff.badKey': 'must be printable ASCII without spaces (a waybill number or a UUID)',
  'dropOff.keyReused': 'repeats the key of item {index} ("{key}") with a different {fields}',
  'void.otherStation': 'You can void entries only at your own station or city',
  'void.window': 'Station staff can void entries only within 24 hours of logging them; ask your city manager',
  'void.already': 'This drop-off was already voided ({reason})',
  'void.justNow': 'This drop-off was voided by someone else just now',

  // Green points: members, campaigns and vouchers.
  'points.badMemberCode': 'is not a member code (GM + 10 characters; check the last one)',
  'points.unknownMember': 'no member has the code {code}',
  'campaign.endsBeforeStart': 'must not be before startsOn ({startsOn})',
  'campaign.badVoucherValue': 'must be more than 0 yuan, in fen at most',
  'campaign.badBudget': 'must cover at least one voucher, in fen at most',
  'campaign.unknownMaterial': 'unknown material',
  'campaign.rateTwice': 'repeats {material} {outcome}',
  'campaign.exists': 'A campaign {code} exists already',
  'voucher.badKey': 'must be 8-100 printable ASCII characters (a UUID made on the phone)',
  'voucher.noCampaign': 'No green-points campaign is running today',
  'voucher.outsideCampaign': 'Campaign {campaign} runs {from} to {to}: vouchers are issued only then',
  'voucher.notEnoughPoints': 'Not enough points: a voucher takes {points}, the balance is {balance}',
  'voucher.budgetUsed': 'The voucher budget of campaign {campaign} is used up',
  'voucher.badCode': 'is not a voucher code (GV + 17 characters; check the last one)',
  'voucher.personOnly': 'Sign in as a person to redeem vouchers',
  'voucher.redeemed': 'This voucher was already redeemed at {station} on {at}',
  'voucher.expired': 'This voucher expired on {at}',

  // The station finder.
  'find.bothCoords': 'give both lat and lng',
  'find.positionOrCity': 'give a position (lat, lng) or a city',
  'find.districtNeedsCity': 'a district needs its city',
  'find.unknownDistrict': 'no district "{district}" in {city}',
  'find.unknownCity': 'no city "{city}"',

  // Reports: the period and the scenario asked for.
  'period.tooLate': 'is more than a year after today ({day} > {latest})',
  'period.fromAfterTo': 'must not be after "to" ({from} > {to})',
  'period.tooLong': 'period is {days} days, longer than the {max} allowed; split it',
  'report.badRate': 'must be a share between 0 and 1 (got {rate})',
  'report.forbidden': 'Your role does not allow this report',
  'report.dimsCount': 'takes one or two dimensions',
  'report.dimsKnown': 'dimensions are {dimensions}',
  'report.dimTwice': 'names {dimension} twice',
  'report.networkAlone': 'NETWORK cannot be combined with another dimension',
  'report.stationWithCity': 'STATION rows already name their city: use STATION alone',
  'report.tooManyCities': 'names more than {max} cities',
  'report.tooManyStations': 'names more than {max} stations',
  'report.stationDayTooBig':
    'STATION x DAY needs one city or a list of stations here; use the CSV export (/reports/carbon.csv) for more',
  'report.tooManyRows':
    'the report has {rows} rows; with {fields} fields asked for each row, one answer holds at most {max}: ask for them a page at a time (first, offset), ask for fewer fields, or use the CSV export (/reports/carbon.csv)',
  'report.pageSize': 'must be between 1 and {max} with {fields} fields asked for each row (got {first})',
  'report.offset': 'must be 0 or more (got {offset})',
  'report.tooManyParts':
    'the report has more than {max} groups x materials x outcomes, too many for one answer: group by fewer dimensions, narrow the cities, stations or period, or use the CSV export (/reports/carbon.csv)',

  // The needs-action queue.
  'needsAction.personOnly': 'Sign in as a person to acknowledge a station',

  // Factor sets and the audit log.
  'factorSet.exists': 'Emission factor set {version} already exists and cannot be changed; publish a new version',
  'factorSet.twice': '{pair} appears twice',
  'factorSet.lowAboveValue': 'must not exceed value ({low} > {value})',
  'factorSet.highBelowValue': 'must not be below value ({high} < {value})',
  'audit.forbidden': 'Only admins and city managers read the audit log',
  'audit.toBeforeFrom': 'must not be before from ({from})',
} as const satisfies Record<string, string>;

export type MessageCode = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

/** A message ready to show: its code, parameters and English text. */
export interface Message {
  reason: MessageCode;
  params: MessageParams;
  text: string;
}

/** The English text of a code with its parameters filled in. */
export function english(reason: MessageCode, params: MessageParams = {}): string {
  return MESSAGES[reason].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Example: `msg('row.badLat', { value: '91' })` → text '"91" is not a latitude (-90 to 90)'. */
export function msg(reason: MessageCode, params: MessageParams = {}): Message {
  return { reason, params, text: english(reason, params) };
}

export const isMessageCode = (s: string): s is MessageCode => Object.hasOwn(MESSAGES, s);

// Stations (console and map), the station finder and the needs-action queue.
// Keys mirror the codes of api/src/domain/messages.ts (reason.<code>); see ./index.ts.
import type { Bilingual } from '../index.ts';

const dict: Bilingual = {
  zh: {
    'reason.station.codeCity': '必须以城市代码 “{city}-” 开头',
    'reason.station.outsideCity': '距 {city} 市中心 {km} 公里；请检查坐标（WGS-84，经纬度没有写反）',
    'reason.station.gcjPair': '从 GCJ-02 换算时需要同时提供另一个坐标',
    'reason.station.exists': '站点 {code} 已存在',
    'reason.station.noChange': '没有指定要修改的字段',
    'reason.station.manageForbidden': '只有管理员和本城市经理可以执行此操作',
    'reason.station.alreadyDecommissioned': '站点 {code} 已经撤站',
    'reason.station.decommissionedJustNow': '站点 {code} 刚刚已被他人撤站',
    'reason.station.inService': '站点 {code} 正在运营',
    'reason.station.recommissionedJustNow': '站点 {code} 刚刚已被他人恢复运营',
    'reason.find.bothCoords': '请同时提供纬度和经度',
    'reason.find.positionOrCity': '请提供位置（纬度、经度）或城市',
    'reason.find.districtNeedsCity': '指定区县时需要同时指定城市',
    'reason.find.unknownDistrict': '{city} 没有区县 “{district}”',
    'reason.find.unknownCity': '没有城市 “{city}”',
    'reason.needsAction.personOnly': '请以个人身份登录后再认领站点',
  },
  en: {
    'reason.station.codeCity': 'must start with the city code "{city}-"',
    'reason.station.outsideCity':
      'is {km} km from the centre of {city}; check the coordinates (WGS-84, lat/lng not swapped)',
    'reason.station.gcjPair': 'is needed with the other coordinate to convert from GCJ-02',
    'reason.station.exists': 'Station {code} already exists',
    'reason.station.noChange': 'names no field to change',
    'reason.station.manageForbidden': "Only admins and the city's manager can do this",
    'reason.station.alreadyDecommissioned': 'Station {code} is already decommissioned',
    'reason.station.decommissionedJustNow': 'Station {code} was decommissioned by someone else just now',
    'reason.station.inService': 'Station {code} is in service',
    'reason.station.recommissionedJustNow': 'Station {code} was put back in service by someone else just now',
    'reason.find.bothCoords': 'give both lat and lng',
    'reason.find.positionOrCity': 'give a position (lat, lng) or a city',
    'reason.find.districtNeedsCity': 'a district needs its city',
    'reason.find.unknownDistrict': 'no district "{district}" in {city}',
    'reason.find.unknownCity': 'no city "{city}"',
    'reason.needsAction.personOnly': 'Sign in as a person to acknowledge a station',
  },
};

export default dict;

// The 20 cities of the 11.11 recycling-point campaign (docs/domain.md), with real centres and districts.
// Centres are WGS-84 (the database stores WGS-84; the web map converts to GCJ-02 for Chinese tiles).

export interface CitySeed {
  code: string;
  nameZh: string;
  nameEn: string;
  lat: number;
  lng: number;
  timezone: 'Asia/Shanghai';
  /**
   * Resident population in millions (2020 census), used to share stations between cities.
   * Chongqing is counted for its central urban districts only: the municipality's 32 M include
   * large rural counties with few post stations.
   */
  populationWeight: number;
  /** Real district (区/县) names; stations are spread over them. */
  districts: readonly string[];
}

const tz = 'Asia/Shanghai' as const;

export const CITIES: readonly CitySeed[] = [
  {
    code: 'SH',
    nameZh: '上海',
    nameEn: 'Shanghai',
    lat: 31.2304,
    lng: 121.4737,
    timezone: tz,
    populationWeight: 24.87,
    districts: ['黄浦区', '徐汇区', '长宁区', '静安区', '普陀区', '虹口区', '杨浦区', '浦东新区'],
  },
  {
    code: 'BJ',
    nameZh: '北京',
    nameEn: 'Beijing',
    lat: 39.9042,
    lng: 116.4074,
    timezone: tz,
    populationWeight: 21.89,
    districts: ['东城区', '西城区', '朝阳区', '海淀区', '丰台区', '石景山区', '通州区', '昌平区'],
  },
  {
    code: 'GZ',
    nameZh: '广州',
    nameEn: 'Guangzhou',
    lat: 23.1291,
    lng: 113.2644,
    timezone: tz,
    populationWeight: 18.68,
    districts: ['越秀区', '天河区', '海珠区', '荔湾区', '白云区', '番禺区'],
  },
  {
    code: 'SZ',
    nameZh: '深圳',
    nameEn: 'Shenzhen',
    lat: 22.5431,
    lng: 114.0579,
    timezone: tz,
    populationWeight: 17.56,
    districts: ['福田区', '罗湖区', '南山区', '宝安区', '龙岗区', '龙华区'],
  },
  {
    code: 'HZ',
    nameZh: '杭州',
    nameEn: 'Hangzhou',
    lat: 30.2741,
    lng: 120.1551,
    timezone: tz,
    populationWeight: 11.94,
    districts: ['上城区', '拱墅区', '西湖区', '滨江区', '萧山区', '余杭区'],
  },
  {
    code: 'CD',
    nameZh: '成都',
    nameEn: 'Chengdu',
    lat: 30.5728,
    lng: 104.0668,
    timezone: tz,
    populationWeight: 20.94,
    districts: ['锦江区', '青羊区', '金牛区', '武侯区', '成华区', '双流区', '郫都区'],
  },
  {
    code: 'CQ',
    nameZh: '重庆',
    nameEn: 'Chongqing',
    lat: 29.563,
    lng: 106.5516,
    timezone: tz,
    populationWeight: 10.5,
    districts: ['渝中区', '江北区', '南岸区', '沙坪坝区', '九龙坡区', '渝北区', '巴南区'],
  },
  {
    code: 'WH',
    nameZh: '武汉',
    nameEn: 'Wuhan',
    lat: 30.5928,
    lng: 114.3055,
    timezone: tz,
    populationWeight: 12.33,
    districts: ['江岸区', '江汉区', '硚口区', '武昌区', '洪山区', '汉阳区', '青山区'],
  },
  {
    code: 'XA',
    nameZh: '西安',
    nameEn: "Xi'an",
    lat: 34.3416,
    lng: 108.9398,
    timezone: tz,
    populationWeight: 12.95,
    districts: ['新城区', '碑林区', '莲湖区', '雁塔区', '未央区', '灞桥区'],
  },
  {
    code: 'NJ',
    nameZh: '南京',
    nameEn: 'Nanjing',
    lat: 32.0603,
    lng: 118.7969,
    timezone: tz,
    populationWeight: 9.31,
    districts: ['玄武区', '秦淮区', '建邺区', '鼓楼区', '栖霞区', '雨花台区', '江宁区'],
  },
  {
    code: 'TJ',
    nameZh: '天津',
    nameEn: 'Tianjin',
    lat: 39.1256,
    lng: 117.1909,
    timezone: tz,
    populationWeight: 13.87,
    districts: ['和平区', '河西区', '南开区', '河东区', '河北区', '红桥区', '滨海新区'],
  },
  {
    code: 'SU',
    nameZh: '苏州',
    nameEn: 'Suzhou',
    lat: 31.299,
    lng: 120.5853,
    timezone: tz,
    populationWeight: 12.75,
    districts: ['姑苏区', '虎丘区', '吴中区', '相城区', '吴江区'],
  },
  {
    code: 'CS',
    nameZh: '长沙',
    nameEn: 'Changsha',
    lat: 28.2282,
    lng: 112.9388,
    timezone: tz,
    populationWeight: 10.05,
    districts: ['芙蓉区', '天心区', '岳麓区', '开福区', '雨花区', '望城区'],
  },
  {
    code: 'ZZ',
    nameZh: '郑州',
    nameEn: 'Zhengzhou',
    lat: 34.7466,
    lng: 113.6254,
    timezone: tz,
    populationWeight: 12.6,
    districts: ['中原区', '二七区', '管城回族区', '金水区', '惠济区'],
  },
  {
    code: 'QD',
    nameZh: '青岛',
    nameEn: 'Qingdao',
    lat: 36.0671,
    lng: 120.3826,
    timezone: tz,
    populationWeight: 10.07,
    districts: ['市南区', '市北区', '李沧区', '崂山区', '黄岛区', '城阳区'],
  },
  {
    code: 'SY',
    nameZh: '沈阳',
    nameEn: 'Shenyang',
    lat: 41.8057,
    lng: 123.4315,
    timezone: tz,
    populationWeight: 9.07,
    districts: ['和平区', '沈河区', '大东区', '皇姑区', '铁西区', '浑南区'],
  },
  {
    code: 'XM',
    nameZh: '厦门',
    nameEn: 'Xiamen',
    lat: 24.4798,
    lng: 118.0894,
    timezone: tz,
    populationWeight: 5.16,
    districts: ['思明区', '湖里区', '集美区', '海沧区', '同安区', '翔安区'],
  },
  {
    code: 'KM',
    nameZh: '昆明',
    nameEn: 'Kunming',
    lat: 25.0389,
    lng: 102.7183,
    timezone: tz,
    populationWeight: 8.46,
    districts: ['五华区', '盘龙区', '官渡区', '西山区', '呈贡区'],
  },
  {
    code: 'HF',
    nameZh: '合肥',
    nameEn: 'Hefei',
    lat: 31.8206,
    lng: 117.2272,
    timezone: tz,
    populationWeight: 9.37,
    districts: ['瑶海区', '庐阳区', '蜀山区', '包河区', '肥西县'],
  },
  {
    code: 'JN',
    nameZh: '济南',
    nameEn: 'Jinan',
    lat: 36.6512,
    lng: 117.1201,
    timezone: tz,
    populationWeight: 9.2,
    districts: ['历下区', '市中区', '槐荫区', '天桥区', '历城区', '长清区'],
  },
];

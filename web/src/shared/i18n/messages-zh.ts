/**
 * Chinese UI text, the default language. Keys are flat and dotted by area; every key must
 * also exist in messages-en.ts (the compiler checks the names, a unit test the placeholders).
 */
export const zh = {
  'app.name': 'OneCity 城市运行平台',
  'app.tagline': '一网统管 · 一网通办 · 数据中枢',

  'layout.language': '界面语言',
  'layout.logout': '退出登录',

  'face.portal': '市民门户',
  'face.workbench': '工作台',
  'face.screen': '大屏',
  'face.portal.title': '市民门户',
  'face.workbench.title': '城市运行工作台',
  'face.screen.title': '城市运行大屏',

  'login.username': '用户名',
  'login.username.required': '请输入用户名',
  'login.password': '密码',
  'login.password.required': '请输入密码',
  'login.submit': '登录',
  'login.expired': '登录已过期，请重新登录。',
  'login.demoHint': '演示账号 {username} / {password}',

  'account.kind.citizen': '个人',
  'account.kind.enterprise': '企业',
  'account.kind.staff': '工作人员',
  'account.assurance.basic': '基础认证',
  'account.assurance.real-name': '实名认证',
  'account.assurance.real-person': '实人认证',

  'portal.welcome': '您好，{name}',
  'portal.intro': '在这里办理事项、查询进度、反映问题。',

  'locate.title': '我在哪个网格',
  'locate.intro': '输入位置的纬度和经度，查看负责这里的网格、街镇和区。',
  'locate.lat': '纬度',
  'locate.lng': '经度',
  'locate.submit': '定位',
  'locate.useDevice': '使用当前位置',
  'locate.deviceFailed': '无法获取当前位置',
  'locate.none': '未划分',
  'locate.outside': '这个位置不在本市范围内。',

  'region.level.city': '市',
  'region.level.district': '区',
  'region.level.street': '街镇',
  'region.level.grid': '网格',

  'regions.tree.title': '行政区划',
  'regions.details.title': '区划信息',
  'regions.map.title': '城市地图',
  'regions.search.placeholder': '搜索区、街镇或网格',
  'regions.search.none': '没有匹配的区划',
  'regions.loadFailed': '区划加载失败',
  'regions.pickOne': '在区划树或地图上选择一个区域',
  'regions.field.name': '名称',
  'regions.field.code': '区划代码',
  'regions.field.level': '层级',
  'regions.field.belongsTo': '上级',
  'regions.field.children': '下级数量',

  'map.wholeCity': '全市',
  'map.failed': '地图加载失败',

  'workbench.menu.regions': '区划地图',

  'screen.cityTitle': '{city}城市运行',
  'screen.loadFailed': '数据加载失败',
  'screen.stat.districts': '区',
  'screen.stat.streets': '街镇',
  'screen.stat.grids': '网格',
  'screen.districtList': '各区街镇数',
  'screen.streetCount': '{count} 个',

  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.unauthorized': '请先登录。',
  'error.forbidden': '没有权限执行此操作。',
  'error.notFound': '请求的内容不存在。',
  'error.server': '服务器出错了，请稍后再试。',
  'error.unknown': '发生未知错误。',
  'error.pageNotFound': '页面不存在。',
  'error.backHome': '返回首页',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zh;

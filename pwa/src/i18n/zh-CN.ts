// Source catalog: its keys define `Messages`, so every other catalog must have exactly these keys.
// Placeholders are written {name} and must appear in every translation.
export const zhCN = {
  'app.name': '共治',
  'app.subtitle': '城管社区工作室',
  'app.loading': '正在加载…',

  'lang.group': '界面语言',
  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'login.title': '登录',
  'login.heading': '登录共治',
  'login.intro': '居民、居委会、物业、执法队员和管理人员请使用本人账号登录。',
  'login.login': '账号或手机号',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.offline': '当前处于离线状态，联网后才能登录。',
  'login.sessionExpired': '登录已过期，请重新登录。',
  'login.loggedOut': '你已退出登录。',

  'home.title': '我的工作台',
  'home.greeting': '你好，{name}',
  'home.role': '身份',
  'home.scope': '所属范围',
  'home.whatYouCanDo': '在这里你可以',
  'home.offline': '离线模式：暂时无法连接服务器，显示的是上次保存的信息。',
  'home.logout': '退出登录',
  'home.loggingOut': '正在退出…',

  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.unexpected': '出现意外错误，请稍后重试。',

  'role.RESIDENT': '居民',
  'role.COMMITTEE': '居委会',
  'role.PROPERTY': '物业服务企业',
  'role.OFFICER': '城管执法队员',
  'role.SUPERVISOR': '中队长/区局',
  'role.HOUSING': '区房管',

  'roleIntro.RESIDENT': '反映身边的市容环境问题，随时查看处理进度。',
  'roleIntro.COMMITTEE': '了解辖区居民反映的问题，协助协调和回访。',
  'roleIntro.PROPERTY': '接收所管小区的相关问题，并反馈处理结果。',
  'roleIntro.OFFICER': '接收派单，到现场处置并记录执法结果。',
  'roleIntro.SUPERVISOR': '分派和督办案件，掌握中队或全区的处置情况。',
  'roleIntro.HOUSING': '办理转来的房屋管理类事项。',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zhCN;
/** Every catalog has exactly the keys of the source catalog (a missing or extra key fails `tsc`). */
export type Messages = { readonly [K in MessageKey]: string };

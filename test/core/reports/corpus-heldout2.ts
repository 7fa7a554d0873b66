/**
 * The second held-out corpus, written after the grouping, its concept lexicon and its default threshold (0.45) were
 * frozen. Measured then: 2 of its 6 issues exact, 7 wrong pairs (a water bill joined the water cuts), 40 missed
 * pairs. It was then used to improve the lexicon (bills apart from supply, phrases for words that fold alike,
 * problems of a place counted in full at that place), so it is no longer held out. In another voice than the others:
 * short one-line complaints, chat spelling without diacritics ("ko", "dc", "nuocs"), run-on sentences, and the long
 * polite phrasing of elderly residents. Six other real issues than the earlier corpora mostly used (stray dogs,
 * water cuts, a building site, street lights, street racing, a rubbish dump on empty land), some across two places,
 * a lane name ("ngõ 15") shared by two issues of one place, and 20 unrelated opinions, several close to an issue (a
 * water bill, a building permit, lights asked for a football pitch, a lost dog, a speed bump on the racing street).
 */

import { CAT, type CorpusRow, type ExpectedGroup, type RowSpec, buildCorpus } from './corpus';

const SPECS: RowSpec[] = [
  // 1–6: stray dogs in lane 15, KDC02 (an issue of one place)
  ['dogs', 'KDC02', CAT.env, 'cho tha rong khap ngo 15 ia bay ra duong, sang nao di tap the duc cung dam phai'],
  [
    'dogs',
    'KDC02',
    CAT.env,
    'Ngõ 15 chó nhà ai thả ra cả đêm sủa inh ỏi, sáng ra thì phân chó đầy đường, kính đề nghị phường nhắc nhở các hộ nuôi chó',
  ],
  ['dogs', 'KDC02', CAT.env, 'cho o ngo 15 ko xich ko ro mom, chay ra duoi can tre con'],
  ['dogs', 'KDC02', CAT.env, 'mấy con chó thả rông trong ngõ, bẩn lắm'],
  [
    'dogs',
    'KDC02',
    CAT.env,
    'Toi la nguoi gia 78 tuoi, di bo trong ngo 15 bi con cho to nha ai xong ra suyt can, de nghi to dan pho nhac cac gia dinh nuoi cho phai xich lai',
  ],
  ['dogs', 'KDC02', CAT.env, 'phan cho bay nhay ngo 15 hoi thoi, dep ko chiu dc', { status: 'Trùng lặp', dupOf: [1] }],
  // 7–13: water cuts and weak water, KDC01 (block A2) and KDC03 (riverside row): a theme
  ['water', 'KDC01', CAT.infra, 'mat nuoc 3 ngay roi, ko ai thong bao gi ca'],
  ['water', 'KDC01', CAT.infra, 'Khu tập thể A2 nước máy chảy yếu như sợi chỉ, tầng 3 trở lên không có nước dùng'],
  ['water', 'KDC01', CAT.infra, 'nuoc may yeu qua ko du nau com tam giat'],
  [
    'water',
    'KDC01',
    CAT.infra,
    'Cúp nước liên tục cả tuần nay mà công ty cấp nước không báo trước, bà con phải đi xin nước',
    { status: 'Đã chuyển cơ quan có thẩm quyền' },
  ],
  ['water', 'KDC03', CAT.infra, 'Dãy nhà mặt sông mất nước sinh hoạt từ thứ hai đến giờ chưa có lại'],
  ['water', 'KDC03', CAT.infra, 'nha toi o day tro ko co nuoc sach de dung, phai mua nuoc binh'],
  ['water', 'KDC03', CAT.infra, 'nuocs may bi mat lien tuc, de nghi phuong lam viec voi cty nuoc'],
  // 14–19: the building site at number 88, KDC04 (an issue of one place)
  ['site', 'KDC04', CAT.land, 'Công trình xây nhà 7 tầng ở số 88 làm đêm, máy khoan ầm ầm đến 11 giờ đêm'],
  ['site', 'KDC04', CAT.land, 'cong trinh so 88 ko che chan, bui xi mang bay vao nha hang xom'],
  ['site', 'KDC04', CAT.land, 'xe cho vat lieu vao cong trinh so 88 do cat ra duong, troi mua thi lay loi, nang thi bui mu mit'],
  [
    'site',
    'KDC04',
    CAT.land,
    'Tôi ở cạnh công trình số 88, từ sáng sớm đã đổ bê tông ồn không chịu được, xin các anh xuống kiểm tra giấy phép',
    { status: 'Đang xử lý' },
  ],
  ['site', 'KDC04', CAT.land, 'cong trinh xay dung ko quay luoi, gach rot xuong suyt trung nguoi di duong'],
  ['site', 'KDC04', CAT.land, 'bui tu cong trinh 88 bam day nha, con nho ho suot'],
  // 20–26: street lights, lane 15 (KDC02) and the night market road (KDC04): a theme
  ['light', 'KDC02', CAT.infra, 'den duong ngo 15 tat ngum may hom nay'],
  [
    'light',
    'KDC02',
    CAT.infra,
    'Ngõ 15 tối thui, bóng đèn đường cháy mà chưa ai thay',
    { status: 'Đã trả lời', reply: 'Đã thay bóng đèn ngõ 15 ngày 12/6.' },
  ],
  ['light', 'KDC02', CAT.infra, 'toi di lam ve khuya ngo toi om so lam, xin thay bong den giup'],
  ['light', 'KDC02', CAT.infra, 'Đèn cao áp đầu ngõ 15 lúc sáng lúc tắt, hôm qua tắt hẳn'],
  ['light', 'KDC04', CAT.infra, 'duong vao cho dem ko co den, xe may dam nhau 2 vu roi'],
  ['light', 'KDC04', CAT.infra, 'Cột đèn trước cổng chợ đêm hỏng cả tháng, buổi tối đi chợ tối om'],
  ['light', 'KDC04', CAT.infra, 'den chieu sang khu cho dem hu het, nho phuong sua giup'],
  // 27–32: street racing on the riverside road, KDC03 (an issue of one place)
  ['racing', 'KDC03', CAT.security, 'toi nao cung co dam thanh nien dua xe bop coi no po o duong bo song'],
  ['racing', 'KDC03', CAT.security, 'Đường bờ sông đêm thứ bảy bọn trẻ đua xe lạng lách, nẹt pô ầm ĩ, rất nguy hiểm'],
  ['racing', 'KDC03', CAT.security, 'dua xe dem khuya duong bo song, cong an phuong cho nguoi chot giup'],
  [
    'racing',
    'KDC03',
    CAT.security,
    'Tôi năm nay đã ngoài 70, đêm nào cũng bị tiếng pô xe rú ga ngoài đường bờ sông làm giật mình không ngủ được, mong chính quyền dẹp nạn đua xe',
  ],
  ['racing', 'KDC03', CAT.security, 'bon tre bat dau xe rú ga ngoai bo song tu 11h dem den 2h sang'],
  ['racing', 'KDC03', CAT.security, 'nạn đua xe trái phép ở bờ sông tái diễn'],
  // 33–40: rubbish dumped on empty land, end of lane 7 (KDC01) and under Đen bridge (KDC03): a theme
  ['dump', 'KDC01', CAT.env, 'bai dat trong cuoi ngo 7 thanh bai rac, nguoi noi khac den do trom rac ban dem'],
  ['dump', 'KDC01', CAT.env, 'Khu đất trống cuối ngõ 7 rác chất thành đống, ruồi muỗi bay vào nhà'],
  ['dump', 'KDC01', CAT.env, 'co nguoi cho xe ba gac do rac thai xay dung vao bai dat ngo 7'],
  ['dump', 'KDC01', CAT.env, 'rac o bai dat trong boc mui thoi kinh khung, mua he ko mo cua so dc'],
  ['dump', 'KDC01', CAT.env, 'Đề nghị rào bãi đất trống ngõ 7 và lắp camera để bắt quả tang người đổ rác', { kind: 'Kiến nghị' }],
  ['dump', 'KDC03', CAT.env, 'bai rac tu phat canh cau Den, ai cung vut rac vao day'],
  ['dump', 'KDC03', CAT.env, 'Chân cầu Đen thành bãi rác tự phát, rác ngập cả lối đi, mùi hôi thối'],
  ['dump', 'KDC03', CAT.env, 'rac do dong chan cau, de nghi phuong cho xe ra don'],
  // 41–60: unrelated opinions
  [null, 'KDC02', CAT.security, 'nha toi bi mat con cho con, ai bat duoc xin bao giup'],
  [null, 'KDC01', CAT.infra, 'hoa don tien nuoc thang nay cao gap doi, de nghi kiem tra dong ho'],
  [null, 'KDC04', CAT.land, 'Xin hỏi thủ tục xin phép sửa chữa nhà ở cần những giấy tờ gì', { kind: 'Góp ý' }],
  [null, 'KDC02', CAT.infra, 'đề nghị lắp thêm đèn ở sân bóng ngõ 15 để thanh niên đá bóng buổi tối', { kind: 'Kiến nghị' }],
  [null, 'TRUSO', CAT.admin, 'lam can cuoc cho me toi 3 lan van chua xong, can bo hen hoai'],
  [null, 'TRUSO', CAT.admin, 'Cán bộ một cửa nói năng cộc lốc, người già hỏi lại thì cáu'],
  [null, 'KDC03', CAT.welfare, 'Ông tôi thương binh hạng 2 chưa nhận được tiền trợ cấp tháng này'],
  [null, 'KDC04', CAT.health, 'tram y te ko co thuoc ha sot cho tre em'],
  [null, 'KDC01', CAT.health, 'Đề nghị phun thuốc diệt muỗi khu tập thể A2 vì có người bị sốt xuất huyết', { kind: 'Kiến nghị' }],
  [null, 'KDC03', CAT.infra, 'cong ranh truoc nha toi bi tac, nuoc thai tran ra duong'],
  [null, 'KDC02', CAT.order, 'quan nhau lan ra het via he ngo 15'],
  [null, 'KDC04', CAT.security, 'Có kẻ gian bẻ khóa lấy trộm xe đạp điện trong nhà xe chợ đêm'],
  [null, 'KDC03', CAT.infra, 'Đề nghị làm gờ giảm tốc ở đường bờ sông vì xe chạy nhanh quá', { kind: 'Kiến nghị' }],
  [null, 'KDC01', CAT.other, 'loa phuong phat thanh luc 5h sang, nguoi gia kho ngu lai', { kind: 'Góp ý' }],
  [null, 'KDC04', CAT.order, 'Xe ôm, xe ba gác đỗ tràn lan trước cổng chợ đêm gây ùn tắc'],
  [null, 'KDC02', CAT.gov, 'de nghi cong khai cac khoan dong gop xay nha van hoa', { kind: 'Kiến nghị' }],
  [null, 'KDC03', CAT.welfare, 'xin ho tro gao cho gia dinh toi, chong mat, con nho'],
  [null, 'KDC01', CAT.land, 'Nhà bên cạnh xây tường lấn sang đất nhà tôi 20 phân'],
  [null, 'KDC04', CAT.env, 'Hàng cá ở chợ đêm xả nước tanh ra cống, mùi kinh lắm'],
  [null, 'TRUSO', CAT.other, 'Cảm ơn phường đã sửa xong con đường vào trường, đi lại sướng hơn nhiều', { kind: 'Góp ý' }],
];

export const HELDOUT2_CORPUS: CorpusRow[] = buildCorpus('TD', SPECS, Date.UTC(2025, 5, 1));

export const HELDOUT2_EXPECTED: ExpectedGroup[] = [
  { truth: 'dogs', category: CAT.env, count: 6, places: ['KDC02'] },
  { truth: 'water', category: CAT.infra, count: 7, places: ['KDC01', 'KDC03'] },
  { truth: 'site', category: CAT.land, count: 6, places: ['KDC04'] },
  { truth: 'light', category: CAT.infra, count: 7, places: ['KDC02', 'KDC04'] },
  { truth: 'racing', category: CAT.security, count: 6, places: ['KDC03'] },
  { truth: 'dump', category: CAT.env, count: 8, places: ['KDC01', 'KDC03'] },
];

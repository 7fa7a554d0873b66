/**
 * The fourth held-out corpus, written after the third one had been measured, the lexicon and the comparison of
 * issues across places improved on it, and the default threshold (0.40) frozen a third time. Measured then: 3 of its
 * 6 issues exact, 5 wrong pairs (a question about a birth certificate joined the waiting at the desk), 35 missed
 * pairs. It was then used to improve the lexicon (a delay aspect, canals and mosquitoes, jams with parking), so it
 * is no longer held out. Again another voice: Central speech ("răng", "rứa", "mô", "chừ", "bựa ni"), messages
 * forwarded from a residents' chat, one long message that names two problems, numbers and emoji. Six issues of kinds
 * the earlier corpora did not have as issues: the one-stop desk's waiting (a personal matter, at the ward office), a
 * choked canal breeding mosquitoes, the school gate blocked at pick-up time, broken sidewalk paving, low-hanging
 * cables, and street vendors' loudspeakers; 20 unrelated opinions, some at the same place or in the same category as
 * an issue (a question about a copy of a birth certificate at the ward office, lorries in hours they are banned, one
 * flooded street, one broken street light).
 */

import { CAT, type CorpusRow, type ExpectedGroup, type RowSpec, buildCorpus } from './corpus';

const SPECS: RowSpec[] = [
  // 1–6: waiting at the one-stop desk, the ward office (an issue of one place)
  ['desk', 'TRUSO', CAT.admin, 'Bộ phận một cửa đông quá, tui chờ từ 7 giờ tới 10 giờ mới tới lượt'],
  ['desk', 'TRUSO', CAT.admin, 'lam thu tuc o mot cua phai cho ca buoi sang, chi co 1 nguoi tiep dan'],
  ['desk', 'TRUSO', CAT.admin, 'Đi làm giấy tờ mà xếp hàng chờ mấy tiếng, đề nghị thêm người ở bộ phận một cửa', { kind: 'Kiến nghị' }],
  ['desk', 'TRUSO', CAT.admin, 'cho doi qua lau o bo phan mot cua, may lay so thu tu thi hong'],
  [
    'desk',
    'TRUSO',
    CAT.admin,
    'Bựa ni tôi lên phường chứng thực giấy tờ, ngồi chờ cả buổi, hỏi thì cán bộ nói chừ đông lắm, chờ đi. Răng mà lâu rứa?',
  ],
  ['desk', 'TRUSO', CAT.admin, 'Thời gian chờ ở một cửa quá lâu, người già ngồi mệt lắm', { status: 'Đang xử lý' }],
  // 7–13: a choked canal breeding mosquitoes, KDC02 (behind the market) and KDC03 (Bàu Trảng): a theme
  ['canal', 'KDC02', CAT.env, 'Mương nước sau chợ bị tắc, nước đứng đen ngòm, muỗi nhiều kinh khủng'],
  ['canal', 'KDC02', CAT.env, 'muong sau cho ko ai nao vet, rac va beo day, toi den muoi bay vo nha'],
  ['canal', 'KDC02', CAT.env, 'Con mương sau chợ bốc mùi hôi, lăng quăng đầy, sợ sốt xuất huyết 😟'],
  ['canal', 'KDC02', CAT.env, 'de nghi nao vet muong thoat nuoc sau cho, muoi qua troi', { kind: 'Kiến nghị' }],
  ['canal', 'KDC03', CAT.env, 'Kênh Bàu Trảng ứ đọng, nước không chảy, muỗi đốt cả ngày'],
  ['canal', 'KDC03', CAT.env, 'kenh Bau Trang tac nghen, nuoc thoi, muoi nhieu lam, nha toi 2 dua nho bi sot'],
  ['canal', 'KDC03', CAT.env, 'Đề nghị khơi thông kênh Bàu Trảng và phun thuốc muỗi', { kind: 'Kiến nghị' }],
  // 14–20: the primary school gate blocked at pick-up time, KDC01 (an issue of one place)
  ['school', 'KDC01', CAT.order, 'Giờ tan học cổng trường tiểu học Kim Đồng kẹt xe cứng ngắc, phụ huynh đậu xe tràn ra giữa đường'],
  ['school', 'KDC01', CAT.order, 'cong truong Kim Dong gio don con ket xe qua, di ngang ko duoc'],
  ['school', 'KDC01', CAT.order, 'Phụ huynh đậu xe máy 3, 4 hàng trước cổng trường, xe cấp cứu cũng phải chờ'],
  ['school', 'KDC01', CAT.order, 'chieu nao 4h30 cung ket xe truoc truong Kim Dong, de nghi co nguoi phan luong'],
  ['school', 'KDC01', CAT.order, 'Ùn tắc giờ đưa đón học sinh ở trường Kim Đồng, sáng và chiều đều vậy'],
  ['school', 'KDC01', CAT.order, 'Xe đưa đón học sinh đỗ chắn cả cổng trường, người đi đường phải vòng lên vỉa hè'],
  ['school', 'KDC01', CAT.order, 'ket xe cong truong tieu hoc moi ngay, can cong an phuong ra dieu tiet', { kind: 'Kiến nghị' }],
  // 21–26: broken sidewalk paving on Hùng Vương, KDC04 (an issue of one place)
  ['paving', 'KDC04', CAT.infra, 'Vỉa hè đường Hùng Vương gạch lát bong tróc, lồi lõm, người già đi dễ vấp'],
  ['paving', 'KDC04', CAT.infra, 'gach via he Hung Vuong vo nat het, troi mua dam vo la nuoc ban toe len'],
  ['paving', 'KDC04', CAT.infra, 'Mẹ tôi bị vấp ngã trên vỉa hè Hùng Vương vì gạch lát bị bung'],
  ['paving', 'KDC04', CAT.infra, 'via he ho lom cho nao cung co, xe lan di khong duoc'],
  ['paving', 'KDC04', CAT.infra, 'Đề nghị lát lại vỉa hè đoạn trước bưu điện, hư hỏng lâu rồi', { kind: 'Kiến nghị' }],
  ['paving', 'KDC04', CAT.infra, 'Gạch vỉa hè bể, sụt lún nhiều chỗ 😩'],
  // 27–33: cables hanging low, KDC01 (Trần Cao Vân) and KDC04 (Lê Độ): a theme
  ['cables', 'KDC01', CAT.infra, 'Dây điện, dây cáp internet chằng chịt trên đường Trần Cao Vân, có đoạn võng xuống ngang đầu'],
  ['cables', 'KDC01', CAT.infra, 'day cap o Tran Cao Van roi xuong duong, xe may cuon vo suyt te'],
  ['cables', 'KDC01', CAT.infra, 'Mớ dây cáp viễn thông treo lủng lẳng trước nhà tôi mấy tháng rồi, nhờ phường báo mấy nhà mạng'],
  ['cables', 'KDC01', CAT.infra, 'day dien sa thap qua, xe tai di qua la vuong'],
  ['cables', 'KDC04', CAT.infra, 'Đường Lê Độ dây cáp đứt rơi xuống lòng đường, chưa ai thu dọn'],
  ['cables', 'KDC04', CAT.infra, 'day cap Le Do chang chit nhu mang nhen, nhin so'],
  ['cables', 'KDC04', CAT.infra, 'Cột điện đường Lê Độ quấn cả đống dây cáp cũ, sợ chập cháy'],
  // 34–40: street vendors' loudspeakers, KDC03 (an issue of one place)
  ['vendors', 'KDC03', CAT.order, 'Xe bán hàng rong mở loa rao từ 5 giờ sáng, "bánh mì nóng giòn đây" ầm cả xóm'],
  ['vendors', 'KDC03', CAT.order, 'loa rao ban hang suot ngay, ve chai, banh bao, kem... nhuc dau lam'],
  ['vendors', 'KDC03', CAT.order, 'Người bán dạo mở loa công suất lớn đi tới đi lui trong kiệt, trưa không ai nghỉ được'],
  ['vendors', 'KDC03', CAT.order, 'xe ban rong phat loa qua to, nha co em be so sanh ngu ko duoc'],
  ['vendors', 'KDC03', CAT.order, 'Đề nghị cấm loa rao của xe bán hàng dạo trong khu dân cư', { kind: 'Kiến nghị' }],
  ['vendors', 'KDC03', CAT.order, 'Mấy xe mua ve chai mở loa thu âm rao hoài, ồn quá'],
  ['vendors', 'KDC03', CAT.order, 'loa keo rao ban hang rong keo dai tu sang toi toi'],
  // 41–60: unrelated opinions
  [null, 'TRUSO', CAT.admin, 'Cho hỏi xin bản sao giấy khai sinh làm online được không?', { kind: 'Góp ý' }],
  [null, 'KDC02', CAT.order, 'xe tai chay vao gio cam tren duong Ong Ich Khiem'],
  [null, 'KDC04', CAT.infra, 'Đường Nguyễn Văn Linh ngập sau cơn mưa chiều qua'],
  [null, 'KDC01', CAT.infra, 'bong den duong truoc nha so 12 Tran Cao Van bi chay'],
  [null, 'KDC02', CAT.infra, 'Nhà tôi mất nước từ tối qua tới giờ'],
  [null, 'KDC03', CAT.env, 'cho nha ai sua ca dem'],
  [null, 'TRUSO', CAT.admin, 'Cán bộ tư pháp giải thích rõ ràng, dễ hiểu, cảm ơn nhiều', { kind: 'Góp ý' }],
  [null, 'KDC01', CAT.welfare, 'Mẹ tôi 82 tuổi chưa được nhận tiền trợ cấp người cao tuổi'],
  [null, 'KDC04', CAT.health, 'Trạm y tế nên mở cửa thứ bảy cho người đi làm', { kind: 'Góp ý' }],
  [null, 'KDC02', CAT.land, 'Nhà hàng xóm xây nhà nứt sang tường nhà tôi'],
  [null, 'KDC03', CAT.security, 'Tối qua có kẻ trộm vào lấy 2 con gà trong chuồng'],
  [null, 'KDC01', CAT.health, 'Đề nghị trường học kiểm tra bếp ăn bán trú, con tôi về bị đau bụng'],
  [null, 'KDC04', CAT.order, 'Quán nhậu trên đường Hùng Vương bày bàn ra hết vỉa hè'],
  [null, 'KDC02', CAT.env, 'Xin thêm thùng rác ở khu chợ', { kind: 'Kiến nghị' }],
  [null, 'KDC03', CAT.gov, 'Đề nghị phường tổ chức đối thoại với dân về quy hoạch kênh Bàu Trảng', { kind: 'Kiến nghị' }],
  [null, 'KDC01', CAT.other, 'Có lớp dạy võ cho thiếu nhi dịp hè không ạ?', { kind: 'Góp ý' }],
  [null, 'KDC04', CAT.security, 'co nhom thanh nien tu tap hut thuoc la dien tu o cong vien'],
  [null, 'KDC02', CAT.welfare, 'Hộ tôi thuộc diện cận nghèo, xin hỏi thủ tục vay vốn'],
  [null, 'KDC03', CAT.infra, 'Cây xanh trước nhà văn hóa bị sâu ăn lá'],
  [null, 'TRUSO', CAT.other, 'Wifi ở phòng chờ của phường yếu quá, đề nghị nâng cấp', { kind: 'Góp ý' }],
];

export const HELDOUT4_CORPUS: CorpusRow[] = buildCorpus('DN', SPECS, Date.UTC(2025, 7, 1));

export const HELDOUT4_EXPECTED: ExpectedGroup[] = [
  { truth: 'desk', category: CAT.admin, count: 6, places: ['TRUSO'] },
  { truth: 'canal', category: CAT.env, count: 7, places: ['KDC02', 'KDC03'] },
  { truth: 'school', category: CAT.order, count: 7, places: ['KDC01'] },
  { truth: 'paving', category: CAT.infra, count: 6, places: ['KDC04'] },
  { truth: 'cables', category: CAT.infra, count: 7, places: ['KDC01', 'KDC04'] },
  { truth: 'vendors', category: CAT.order, count: 7, places: ['KDC03'] },
];

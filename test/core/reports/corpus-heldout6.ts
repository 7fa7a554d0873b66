/**
 * The sixth held-out corpus, written after the fifth one had been measured, the lexicon improved on it and the default
 * threshold (0.41) frozen a fifth time. Measured then: 4 of its 6 issues exact, 7 wrong pairs (a coach stopping at the
 * bus station joined the street market, two procedure questions at the ward office met on one word), 11 missed pairs
 * ("den cong vien hu" read without its lamp, "kẹt vì hàng quán bày ra đường" read without a problem). It was then used
 * to improve the lexicon (stalls set out on the road, coaches picking up passengers, an ambiguous bare word read
 * through the fault that follows it, "nhận" a function word), so it is no longer held out. Plain mixed writing as a
 * ward's box receives it, with and without diacritics: an overflowing rubbish point at two places, lamps out in a
 * park, a metal workshop's noise, flooding at two places, a street market on the road, and dogs off the lead in two
 * parks; 20 unrelated opinions, some sharing a place, a category or a word with an issue.
 */

import { CAT, type CorpusRow, type ExpectedGroup, type RowSpec, buildCorpus } from './corpus';

const SPECS: RowSpec[] = [
  // 1–7: overflowing rubbish points, Nguyễn Lương Bằng (KDC01) and the bus station (KDC04): a theme
  ['rubbish', 'KDC01', CAT.env, 'Điểm tập kết rác trên đường Nguyễn Lương Bằng quá tải, rác tràn cả ra lòng đường.'],
  ['rubbish', 'KDC01', CAT.env, 'diem tap ket rac Nguyen Luong Bang boc mui, nuoc rac chay lenh lang'],
  ['rubbish', 'KDC01', CAT.env, 'Rác ở điểm tập kết để đến trưa mới chở đi, người đi đường phải bịt mũi.'],
  ['rubbish', 'KDC01', CAT.env, 'Đề nghị di dời điểm tập kết rác ra xa khu dân cư.', { kind: 'Kiến nghị' }],
  ['rubbish', 'KDC04', CAT.env, 'Bãi tập kết rác cạnh bến xe đầy ứ, rác rơi vãi khắp nơi.'],
  ['rubbish', 'KDC04', CAT.env, 'rac o ben xe don khong kip, ruoi nhang, chuot chay'],
  ['rubbish', 'KDC04', CAT.env, 'ĐIỂM RÁC BẾN XE BỐC MÙI KINH KHỦNG'],
  // 8–13: lamps out in Thống Nhất park, KDC02 (an issue of one place)
  ['lamps', 'KDC02', CAT.infra, 'Đèn trong công viên Thống Nhất hỏng gần hết, tối đi tập thể dục rất sợ.'],
  ['lamps', 'KDC02', CAT.infra, 'cong vien Thong Nhat toi thui, den khong sang may thang roi'],
  ['lamps', 'KDC02', CAT.infra, 'Hệ thống chiếu sáng công viên chập chờn, nhiều cột đèn không có bóng.'],
  ['lamps', 'KDC02', CAT.infra, 'Xin thay bóng đèn công viên, tối các cháu chơi không thấy đường.'],
  ['lamps', 'KDC02', CAT.infra, 'den cong vien hu, thanh nien tu tap cho toi', { status: 'Đang xử lý' }],
  ['lamps', 'KDC02', CAT.infra, 'Công viên tối om từ 7 giờ tối.'],
  // 14–19: a metal workshop's noise, lane 27, KDC03 (an issue of one place)
  ['workshop', 'KDC03', CAT.env, 'Xưởng cơ khí trong ngõ 27 cắt sắt, mài sắt ầm ĩ từ sáng đến tối.'],
  ['workshop', 'KDC03', CAT.env, 'xuong co khi ngo 27 on qua, tieng may mai keo dai ca ngay'],
  ['workshop', 'KDC03', CAT.env, 'Tiếng búa gõ, máy cắt sắt của xưởng hàn ngõ 27 làm cả xóm điếc tai.'],
  ['workshop', 'KDC03', CAT.env, 'Đề nghị kiểm tra xưởng cơ khí hoạt động trong khu dân cư gây tiếng ồn.', { kind: 'Kiến nghị' }],
  ['workshop', 'KDC03', CAT.env, 'xuong han ngo 27 lam ca chu nhat, on khong chiu noi'],
  ['workshop', 'KDC03', CAT.env, 'Xưởng sắt ngõ 27 làm việc đến 10 giờ đêm, rất ồn'],
  // 20–26: flooding, the railway underpass (KDC01) and lane 27 (KDC03): a theme
  ['flood', 'KDC01', CAT.infra, 'Hầm chui qua đường sắt ngập sâu mỗi khi mưa, xe không qua được.'],
  ['flood', 'KDC01', CAT.infra, 'ham chui ngap nuoc, bom thoat nuoc khong hoat dong'],
  ['flood', 'KDC01', CAT.infra, 'Mưa xong hầm chui thành ao, ô tô chết máy giữa hầm.'],
  ['flood', 'KDC01', CAT.infra, 'NGẬP HẦM CHUI ĐƯỜNG SẮT'],
  ['flood', 'KDC03', CAT.infra, 'Ngõ 27 mưa là ngập, nước cống tràn lên.'],
  ['flood', 'KDC03', CAT.infra, 'ngo 27 ngap sau mua, nuoc ngap vao nha'],
  ['flood', 'KDC03', CAT.infra, 'Đề nghị làm lại rãnh thoát nước ngõ 27, mưa nhỏ cũng ngập.', { kind: 'Kiến nghị' }],
  // 27–33: a street market on the road, Phố Chợ, KDC04 (an issue of one place)
  ['market', 'KDC04', CAT.order, 'Chợ cóc họp ngay dưới lòng đường Phố Chợ, xe cộ không đi được.'],
  ['market', 'KDC04', CAT.order, 'cho tam Pho Cho ban hang lan ra giua duong, sang nao cung ket'],
  ['market', 'KDC04', CAT.order, 'Người bán rau, bán cá bày hàng tràn xuống lòng đường từ 5 giờ sáng.'],
  ['market', 'KDC04', CAT.order, 'Đề nghị dẹp chợ cóc ở Phố Chợ.', { kind: 'Kiến nghị' }],
  ['market', 'KDC04', CAT.order, 'ban hang rong lan chiem duong Pho Cho, nuoc ca tanh ngom'],
  ['market', 'KDC04', CAT.order, 'Chợ tạm lấn chiếm lòng đường gây ùn tắc giờ đi làm.'],
  ['market', 'KDC04', CAT.order, 'Sáng nào Phố Chợ cũng kẹt vì hàng quán bày ra đường'],
  // 34–40: dogs off the lead in parks, Thống Nhất (KDC02) and Hòa Bình park (KDC03): a theme
  ['dogs', 'KDC02', CAT.env, 'Nhiều người dắt chó vào công viên Thống Nhất không rọ mõm, thả cho chạy lung tung.'],
  ['dogs', 'KDC02', CAT.env, 'cho trong cong vien khong xich, con toi bi cho duoi'],
  ['dogs', 'KDC02', CAT.env, 'Chó đi vệ sinh khắp bãi cỏ công viên, chủ không dọn.'],
  ['dogs', 'KDC02', CAT.env, 'Đề nghị cấm thả chó trong công viên Thống Nhất.', { kind: 'Kiến nghị' }],
  ['dogs', 'KDC03', CAT.env, 'Công viên Hòa Bình chiều nào cũng có mấy con chó to thả rông, trẻ con sợ.'],
  ['dogs', 'KDC03', CAT.env, 'cho tha rong cong vien Hoa Binh, phan cho dau cung co'],
  ['dogs', 'KDC03', CAT.env, 'Chó không xích ở công viên Hòa Bình vừa cắn một bé trai.'],
  // 41–60: unrelated opinions
  [null, 'KDC01', CAT.env, 'Đề nghị tăng số lần quét đường trên Nguyễn Lương Bằng.', { kind: 'Kiến nghị' }],
  [null, 'KDC02', CAT.infra, 'Ghế đá trong công viên Thống Nhất bị gãy mấy cái.'],
  [null, 'KDC03', CAT.security, 'Tối qua có người bị giật túi xách ở đầu ngõ 27.'],
  [null, 'KDC04', CAT.order, 'Xe khách dừng đỗ đón khách ngay cổng bến xe gây mất an toàn.'],
  [null, 'TRUSO', CAT.admin, 'Đề nghị phường nhận hồ sơ cả sáng thứ bảy.', { kind: 'Góp ý' }],
  [null, 'TRUSO', CAT.admin, 'Làm giấy xác nhận tình trạng hôn nhân mất 3 ngày, hơi lâu.'],
  [null, 'KDC01', CAT.welfare, 'Bố tôi là thương binh, chưa nhận được quà 27/7.'],
  [null, 'KDC02', CAT.health, 'Trạm y tế hết vắc xin dại.'],
  [null, 'KDC03', CAT.land, 'Hộ số 15 ngõ 27 lấn chiếm đất công làm nhà kho.'],
  [null, 'KDC04', CAT.land, 'Xin hỏi thủ tục tách thửa đất.', { kind: 'Góp ý' }],
  [null, 'KDC01', CAT.infra, 'Cây xanh trên đường Nguyễn Lương Bằng cành vươn vào dây điện.'],
  [null, 'KDC02', CAT.security, 'Có người bán hàng đa cấp đến từng nhà mời mua sản phẩm, nghi lừa đảo.'],
  [null, 'KDC03', CAT.env, 'Hộ kinh doanh bún xả nước thải ra ngõ, mùi chua khó chịu.'],
  [null, 'KDC04', CAT.infra, 'Mặt đường cổng bến xe lún thành vệt sâu.'],
  [null, 'TRUSO', CAT.gov, 'Đề nghị niêm yết danh sách hộ được hỗ trợ sau bão.', { kind: 'Kiến nghị' }],
  [null, 'KDC02', CAT.other, 'Mong phường tổ chức trung thu cho thiếu nhi trong công viên.', { kind: 'Góp ý' }],
  [null, 'KDC01', CAT.security, 'Thanh niên phóng xe tốc độ cao qua hầm chui lúc nửa đêm.'],
  [null, 'KDC04', CAT.health, 'Nhà vệ sinh công cộng ở bến xe bẩn, không có nước.'],
  [null, 'KDC03', CAT.welfare, 'Xin hỗ trợ học bổng cho con tôi học giỏi nhưng nhà nghèo.', { kind: 'Kiến nghị' }],
  [null, 'KDC02', CAT.order, 'Quảng cáo dán kín cột điện trong công viên.'],
];

export const HELDOUT6_CORPUS: CorpusRow[] = buildCorpus('TN', SPECS, Date.UTC(2025, 9, 1));

export const HELDOUT6_EXPECTED: ExpectedGroup[] = [
  { truth: 'rubbish', category: CAT.env, count: 7, places: ['KDC01', 'KDC04'] },
  { truth: 'lamps', category: CAT.infra, count: 6, places: ['KDC02'] },
  { truth: 'workshop', category: CAT.env, count: 6, places: ['KDC03'] },
  { truth: 'flood', category: CAT.infra, count: 7, places: ['KDC01', 'KDC03'] },
  { truth: 'market', category: CAT.order, count: 7, places: ['KDC04'] },
  { truth: 'dogs', category: CAT.env, count: 7, places: ['KDC02', 'KDC03'] },
];

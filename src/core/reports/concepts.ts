/**
 * A small lexicon of the problems a ward actually receives, so that the grouping can tell what an opinion is about
 * ("đèn đường hỏng", "rác không được thu gom", "ngập sau mưa") apart from where it is and how it is phrased.
 *
 * Each concept has cues: words or short phrases, written with their diacritics. A strong cue names the problem
 * (weight 1: "ổ gà", "lấn chiếm", "karaoke"); a weak cue goes with it often but not only (weight 0.5: "mưa" with
 * flooding, "mất ngủ" with noise). Cues are matched on folded words (diacritics, đ and case dropped), longest cue
 * first and without overlap, so "đèn giao thông" is traffic and not street lighting, and "loa phát thanh" is the
 * ward's loudspeaker and not karaoke.
 *
 * Folding merges some everyday words: "den" is "đèn" (lamp) but also "đến" (to) and "đen" (black), "mua" is "mưa"
 * (rain) and "mua" (buy), "cong" is "cống" (drain) and "công", "cho" is "chó" (dog), "cho" and "chợ". Such folded
 * forms are listed in AMBIGUOUS. A word written with diacritics must carry the cue word's own (tone marks may sit on
 * either vowel: "hoà" = "hòa"); a bare word among words with diacritics is taken as written. Among words typed
 * without diacritics, a bare word matches on its folded form, and a cue counts when it has two words or more ("den
 * duong" is the street light, "cat dien" a power cut, unless the phrase is also a common one: PLAIN_COLLISIONS) or
 * one word that is not ambiguous ("karaoke", "rac"): "den" alone says nothing. So the lexicon reads accented and
 * unaccented spellings alike, with no list of its own for the unaccented ones.
 *
 * Concepts are deliberately finer than the report's categories: the category "Hạ tầng" holds street lighting,
 * flooding, manholes and road surface; "Vệ sinh môi trường" holds rubbish, smells, smoke and pests. Two opinions of
 * one category about different concepts are different problems even when they name the same street. Symptoms that
 * come with many problems are weak cues (a smell, flies, rain, "hư hỏng"); names of places that only locate a
 * problem are weak too ("trường", "trạm y tế", "vườn hoa", "đất trống"). Phrases that hold a cue but mean something
 * else are listed as `not` ("ùn tắc" holds no blocked drain, "miễn phí" no fee, "bắt đầu" no parked car).
 *
 * Two aspects say what is wrong or wanted with a problem rather than which problem: a fault ("hỏng", "tắt",
 * "vỡ") or a delay ("chờ lâu", "quá hạn"), and a request for something new ("lắp thêm", "trồng thêm"). They count
 * only joined to the problems of the same text, so "lắp thêm đèn" and "đèn hỏng" share street lighting and
 * differ in what is asked. Problems that are a condition of a place (see LOCAL) are told from personal cases (a
 * benefit, a procedure, a bill), which only wording can join.
 *
 * Pure TypeScript, no Apps Script or Node API. The labels are shown to staff in explanations (Vietnamese, NFC).
 */

import { lazy } from '../common/lazy';
import { foldVietnamese } from '../staff/similarity';

export interface ConceptDef {
  /** Stable identifier (English). */
  id: string;
  /** What staff read in an explanation. */
  label: string;
  /** Cues that name the problem (weight 1). */
  strong: string[];
  /** Cues that often come with it (weight 0.5). */
  weak: string[];
  /** Phrases that hold a cue but mean something else ("ùn tắc" is a traffic jam, not a blocked drain). */
  not?: string[];
  /**
   * An aspect ("hư hỏng", "lắp thêm") says what is wrong or wanted with a problem, not which problem: it counts only
   * joined to the problem concepts of the same text (street lighting that fails, street lighting to be added).
   * Its weight, relative to the problem's own, is `aspect`.
   */
  aspect?: number;
}

/**
 * A concept whose cue lists are split on first use, not at load (the bundle is evaluated at every execution). A
 * class, so that making one at load is one small object: its getters live once on the prototype.
 */
class LazyConcept implements ConceptDef {
  aspect?: number;
  private lists: { strong: string[]; weak: string[]; not: string[] } | null = null;

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly cues: readonly [strong: string, weak: string, not: string],
  ) {}

  get strong(): string[] {
    return this.split().strong;
  }

  get weak(): string[] {
    return this.split().weak;
  }

  get not(): string[] {
    return this.split().not;
  }

  private split(): { strong: string[]; weak: string[]; not: string[] } {
    const [strong, weak, not] = this.cues;
    return (this.lists ??= { strong: list(strong), weak: list(weak), not: list(not) });
  }
}

const C = (id: string, label: string, strong: string, weak = '', not = '', aspect?: number): ConceptDef => {
  const def = new LazyConcept(id, label, [strong, weak, not]);
  if (aspect !== undefined) def.aspect = aspect;
  return def;
};

/** A comma-separated list (the source is NFC, as test/core/nfc.test.ts checks: nothing to normalize at load). */
function list(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The lexicon. Cue phrases are comma-separated; order inside a list does not matter. */
export const CONCEPTS: readonly ConceptDef[] = [
  C(
    'lighting',
    'chiếu sáng công cộng',
    'đèn, đèn đường, bóng đèn, bóng điện, cột đèn, đèn cao áp, bóng đèn cao áp, bóng cao áp, đèn chiếu sáng, chiếu sáng, hệ thống chiếu sáng, đèn led, ' +
      'đèn điện, đèn ngõ, thay bóng, cháy bóng, tối om, tối thui, tối mịt, tối mù, tối như mực, tối như bưng, tối như hũ nút, ' +
      'tối đen, tối tăm, tối thui thủi, thiếu ánh sáng, không có ánh sáng, mất đèn, tắt đèn, đèn tắt, đèn hỏng, đèn hư, ' +
      'chóa đèn, đèn pha, tối đen như mực, đèn không bật, không bật đèn, tối hù, tối mò, đèn chớp tắt, bóng đèn đường, đèn đường hư, đèn không sáng, không có đèn, thiếu đèn, ' +
      'sửa đèn, thay đèn, lắp đèn, đèn bị, bật đèn, đèn đầu ngõ',
    'ánh sáng, không sáng, đường tối, ngõ tối, hẻm tối, ngách tối, tối quá, rất tối, quá tối, tối lắm, chập chờn, mất điện chiếu sáng',
  ),
  C(
    'waste',
    'rác thải, thu gom rác',
    'rác, rác thải, rác sinh hoạt, thu gom, thu gom rác, thu gom rác thải, xe rác, xe thu gom, xe gom rác, bãi rác, vứt rác, đổ rác, xả rác, ' +
      'thùng rác, điểm tập kết rác, tập kết rác, điểm tập kết, túi rác, phế thải, đổ trộm, công nhân vệ sinh, người thu gom, ' +
      'rác tồn đọng, rác ùn ứ, rác rến, rác bẩn, bãi rác tự phát, đổ rác bậy, hốt rác, xe hốt rác, đống rác, ' +
      'người hốt rác',
    'thành đống, chất thành đống, đổ đống, ùn ứ, dồn ứ, tồn đọng, chất đống, bới, vương vãi, thu dọn, dọn dẹp, vệ sinh môi trường, tổng vệ sinh, quét dọn, chưa thu, không ai dọn',
  ),
  C(
    'smell',
    'mùi hôi',
    // Weak: a smell is mostly what rubbish, drains or a workshop cause, named with them.
    '',
    'mùi hôi, hôi thối, bốc mùi, mùi khó chịu, hôi, thối, mùi khét, khét, mùi hôi thối, mùi khai, hôi hám, thum thủm, nồng nặc, ' +
      'bịt mũi, hôi rình, thối um, thúi, hôi thúi, bốc mùi thối, mùi',
  ),
  C(
    'flooding',
    'ngập úng, thoát nước',
    'ngập, ngập nước, ngập úng, úng, úng ngập, ngập lụt, lụt, lênh láng, thành sông, nước tràn, tràn vào nhà, ' +
      'nước dâng, ngập sâu, biển nước, lội nước, ngập lênh láng, nước ngập, ' +
      'cống, cống rãnh, rãnh, mương, kênh mương, thoát nước, hệ thống thoát nước, tắc cống, cống tắc, nạo vét, khơi thông, ' +
      'cống ngầm, nạo vét cống, cống bị tắc, cống thoát nước, rãnh thoát nước, ' +
      'mương thoát nước, tiêu thoát, kênh, con kênh, kênh rạch, rạch, con mương, nước tù, nước đứng, ứ đọng, ' +
      'nước không chảy, không thoát được, không thoát, rác lấp, lấp cống',
    'không tiêu kịp, nước thải, tắc, tắc nghẽn, nước thối, nước đen, nước đọng, đọng nước, nước mưa, mưa, mưa to, mưa lớn, ' +
      'trời mưa, cơn mưa, mưa rào, sau mưa, nước rút, rút nước, nước lên, chết máy, đầu gối, mắt cá chân',
  ),
  C(
    'manhole',
    'nắp cống, hố ga',
    // A missing or broken cover is a danger on the way, not a flood.
    'nắp cống, nắp hố ga, hố ga, miệng cống, miệng hố ga, hố ga hở, mất nắp cống, mất nắp hố ga',
  ),
  C(
    'noise',
    'tiếng ồn, karaoke, loa',
    'ồn, ồn ào, ầm ĩ, inh ỏi, tiếng ồn, gây ồn, ầm ầm, om sòm, ồn ã, đinh tai, nhức óc, nhức đầu, điếc tai, ầm ào, la hét, ' +
      'ồn quá, náo loạn, karaoke, hát karaoke, loa kéo, hát, hát hò, mở nhạc, tiếng nhạc, nhạc, loa, loa thùng, dàn loa, ca hát, ' +
      'mở loa, bật loa, vặn loa, vũ trường, quán bar, hát xướng, tiếng hát, loa kẹo kéo, hát đến khuya, mở nhạc to, nhạc sàn, ' +
      'nhạc sống, bật nhạc, nhạc to, nhạc ồn',
    'mất ngủ, không ngủ được, không ngủ nổi, không nghỉ ngơi được, không ai ngủ được, khó ngủ, không chịu nổi, to quá, quá to, ' +
      'rất to, hát to, mở to, vặn to',
  ),
  C(
    'road',
    'mặt đường hư hỏng, ổ gà',
    'ổ gà, ổ voi, mặt đường, sụt lún, lún, lún sụt, bong tróc, lồi lõm, gồ ghề, hố, vá đường, vá, trải nhựa, rải nhựa, ' +
      'nứt, nứt nẻ, sụt, đường xấu, đường hỏng, đường hư, đường xuống cấp, lầy lội, sình lầy, đá dăm, sập bánh, xóc, xóc nảy, ' +
      'đường đất, bê tông hóa, sửa đường, làm đường, nâng cấp đường, nhựa đường, đường nát, đường bể, đường lở, đường rách nát',
    'xuống cấp, té ngã, ngã xe, trơn trượt',
  ),
  C(
    'encroachment',
    'lấn chiếm vỉa hè, lòng đường, đỗ xe, ùn tắc',
    // The way blocked, whatever blocks it: stalls, parked vehicles, the jam they make.
    'vỉa hè, hè phố, lấn chiếm, lấn, chiếm dụng, bày hàng, bày bán, hàng rong, bán hàng rong, kê bàn ghế, bàn ghế, ' +
      'lấn ra, chợ cóc, chợ tạm, họp chợ, mái che, lối đi bộ, chiếm, để hàng, lấn hết lối đi, ' +
      'đỗ xe, đậu xe, để xe, đỗ ô tô, đậu ô tô, trông giữ xe, giữ xe, trông xe, bãi xe, bãi giữ xe, đỗ, đậu, chắn lối, chắn ngang, ' +
      'chắn cửa, đỗ xe trái phép, chỗ để xe, ô tô đậu, ô tô đỗ, xe hơi đậu, xe đậu, xe đỗ, đậu chắn, đỗ chắn, đậu kín, đỗ kín, ' +
      'ùn tắc, kẹt xe, tắc đường, ách tắc, kẹt cứng, tắc nghẽn giao thông, phân luồng, điều tiết giao thông, ' +
      'bày ra, bày ra đường, lấn ra đường, tràn ra đường',
    'buôn bán, bán hàng, kinh doanh, rửa xe, đi bộ, tràn ra, lối đi, xe bán hàng, lòng đường, người đi bộ, kẹt, hàng quán',
    'bắt đầu, đầu xe, đỗ đạt, thi đỗ',
  ),
  C(
    'water',
    'nước sinh hoạt',
    'nước sạch, nước máy, mất nước, cúp nước, cắt nước, nước yếu, nước đục, nước có mùi, cấp nước, nước sinh hoạt, ' +
      'đường ống nước, ống nước, vỡ ống, rò rỉ nước, giếng, nước giếng, bể nước, không có nước, hết nước',
  ),
  C(
    'power',
    'điện sinh hoạt',
    'mất điện, cúp điện, cắt điện, điện yếu, điện chập chờn, điện lực, chập điện, điện áp, sụt áp, trạm biến áp, biến áp, ' +
      'điện sinh hoạt, không có điện',
    'điện, chập chờn',
    'điện máy, điện thoại, điện tử',
  ),
  C(
    'billing',
    'hóa đơn điện, nước',
    'tiền điện, tiền nước, hóa đơn, hóa đơn điện, hóa đơn nước, hóa đơn tiền điện, hóa đơn tiền nước, giá điện, giá nước, ' +
      'công tơ, đồng hồ nước, đồng hồ điện, chỉ số công tơ, chỉ số đồng hồ, ghi chỉ số, tính tiền, thu tiền điện, thu tiền nước',
  ),
  C(
    'wires',
    'cột điện, dây điện, dây cáp',
    'dây điện, cột điện, dây cáp, cáp viễn thông, dây viễn thông, chằng chịt, dây điện thoại, cột điện nghiêng, sà xuống, võng xuống, ' +
      'dây mạng, cáp quang',
  ),
  C(
    'theft',
    'trộm cắp, cướp giật',
    'trộm, trộm cắp, mất trộm, kẻ trộm, cướp, cướp giật, giật túi, giật điện thoại, móc túi, đột nhập, kẻ gian, mất cắp, bẻ khóa, ' +
      'ăn trộm, trộm chó, trộm xe',
    'tuần tra, an ninh, camera, người lạ, đối tượng, mất xe',
  ),
  C(
    'disorder',
    'tụ tập, gây rối, đánh nhau',
    'tụ tập, đánh nhau, gây gổ, gây rối, ẩu đả, say xỉn, say rượu, côn đồ, xã hội đen, hỗn chiến, chửi bới, chửi nhau, quậy phá, ' +
      'uống rượu, nhậu nhẹt',
    'thanh niên',
  ),
  C('racing', 'đua xe, nẹt pô', 'đua xe, nẹt pô, lạng lách, bốc đầu, rú ga, phóng nhanh vượt ẩu, xe độ, bô xe'),
  C('drugs', 'ma túy', 'ma túy, nghiện, tiêm chích, kim tiêm, con nghiện, bóng cười, hút chích'),
  C('gambling', 'cờ bạc, lô đề', 'cờ bạc, đánh bạc, lô đề, ghi đề, sát phạt, đá gà'),
  C(
    'fraud',
    'lừa đảo, tín dụng đen',
    'lừa đảo, lừa, cho vay nặng lãi, vay nặng lãi, nặng lãi, tín dụng đen, giả danh, chiếm đoạt, đa cấp, đòi nợ, siết nợ, app vay',
  ),
  C(
    'advertising',
    'quảng cáo, rao vặt',
    'quảng cáo, biển quảng cáo, tờ rơi, rao vặt, dán, dán quảng cáo, băng rôn, biển hiệu, phát tờ rơi, khoan cắt bê tông, treo biển',
  ),
  C(
    'animals',
    'chó thả rông, vật nuôi',
    'chó, chó thả rông, thả rông, chó dữ, chó cắn, chó sủa, phóng uế, mèo, vật nuôi, thú cưng, rọ mõm, bệnh dại, dại, chó mèo, ' +
      'phân chó, cứt chó, ị bậy, ỉa bậy, con chó, nuôi chó, chó nhà, xích chó, dắt chó, thả chó, đàn chó, bầy chó, chó hoang, ' +
      'chó lạ, không xích',
  ),
  C(
    'trees',
    'cây xanh',
    'cây xanh, cành, cành cây, cành khô, gãy cành, cây đổ, đổ cây, cây nghiêng, nghiêng, sắp đổ, tỉa cành, cắt tỉa, chặt cây, trồng cây, ' +
      'rễ cây, cây xà cừ, cây bàng, cây sấu, cây phượng, cây cổ thụ, cây chết, trồng thêm cây, cây dầu, cây sao, cây me, ' +
      'cây điệp, cây keo, cây bạch đàn, cây muồng, cây lim, cây già, mục gốc, mục rỗng, mối ăn, bật gốc, rụng cành, gãy đổ, ' +
      'cắt tỉa cây, chặt hạ',
    'cây, gốc cây, lá cây, lá rụng, bão',
    'trái cây, hoa quả, cây số, cây xăng',
  ),
  C(
    'construction',
    'công trình xây dựng',
    'công trình, xây dựng, xây nhà, xây, xây không phép, xây trái phép, không phép, sai phép, giàn giáo, vật liệu xây dựng, vật liệu, ' +
      'xi măng, xà bần, phế thải xây dựng, máy trộn, cơi nới, sửa nhà, đập phá, tháo dỡ nhà, san lấp',
    'cát, gạch, tầng, khoan',
  ),
  C(
    'dust',
    'khói bụi, đốt',
    'bụi, bụi bặm, khói bụi, bụi bay, bụi mù, khói, khói đen, đốt, đốt rác, ô nhiễm không khí, than tổ ong, bếp than, mù mịt, ' +
      'khói than, đốt vàng mã, khói độc, đốt lá, đốt ni lông, đốt nilon, đốt tại chỗ, khói mù',
  ),
  C(
    'pollution',
    'ô nhiễm, xả thải, sản xuất',
    'ô nhiễm, xả thải, chất thải, hóa chất, cơ sở sản xuất, xưởng, nhà xưởng, lò, lò đốt, chăn nuôi, chuồng trại, nuôi lợn, nuôi gà, ' +
      'xưởng gỗ, xưởng cơ khí, sản xuất, thải khói, thải ra',
  ),
  C(
    'pests',
    'muỗi, chuột, côn trùng',
    'phun thuốc, phun thuốc diệt muỗi, diệt muỗi, diệt chuột, diệt côn trùng, sốt xuất huyết, bọ gậy, lăng quăng, mối mọt, ' +
      'muỗi đốt, phun thuốc muỗi, muỗi nhiều, nhiều muỗi, muỗi bay',
    // Weak: flies and rats are mostly what rubbish brings, named with it.
    'muỗi, chuột, gián, ruồi, ruồi nhặng, côn trùng, chuột bọ, ruồi muỗi',
  ),
  C(
    'land',
    'đất đai, lấn đất',
    'đất, đất đai, đất công, lấn đất, tranh chấp, sổ đỏ, sổ hồng, quyền sử dụng đất, quy hoạch, ranh giới, tường rào, rào, lối đi chung, ' +
      'đo đạc, địa chính, giải phóng mặt bằng, đền bù, bồi thường, thu hồi đất, lấn sang, phần đất',
    // An empty lot is mostly where something else happens (rubbish dumped, cars parked).
    'đất trống, bãi đất, bãi đất trống, khu đất trống',
  ),
  C(
    'procedure',
    'thủ tục hành chính',
    'thủ tục, thủ tục hành chính, hồ sơ, giấy tờ, một cửa, bộ phận một cửa, chứng thực, công chứng, sao y, bản sao, khai sinh, khai tử, ' +
      'đăng ký kết hôn, đăng ký, hộ khẩu, tạm trú, tạm vắng, cư trú, căn cước, cccd, định danh, vneid, cấp giấy, giấy xác nhận, ' +
      'xác nhận, con dấu, trả kết quả, dịch vụ công, nộp hồ sơ, giấy hẹn',
    'hẹn',
  ),
  C(
    'conduct',
    'thái độ cán bộ',
    'thái độ, hách dịch, nhũng nhiễu, gây khó dễ, gây khó khăn, gây phiền hà, vòi vĩnh, tiêu cực, phong bì, trống không, quát, ' +
      'cửa quyền, thiếu tôn trọng, tiếp dân, thờ ơ, vô cảm',
    'cán bộ, nhân viên, công chức',
  ),
  C(
    'praise',
    'khen ngợi',
    // Not "cảm ơn": nearly every formal opinion ends with it ("Xin cảm ơn", "Trân trọng cảm ơn").
    'khen, khen ngợi, biểu dương, hài lòng, nhiệt tình, tận tình, chu đáo, tận tâm, niềm nở, vui vẻ, hướng dẫn tận tình',
  ),
  C(
    'health',
    'y tế, khám chữa bệnh',
    'khám bệnh, khám chữa bệnh, bác sĩ, y sĩ, thuốc, tiêm, tiêm phòng, tiêm chủng, vắc xin, vaccine, ' +
      'khám sức khỏe, dịch bệnh, bảo hiểm y tế, bhyt, thẻ bảo hiểm, cấp cứu, khám, chữa bệnh, thiếu thuốc',
    'y tế, trạm y tế, bệnh viện, phòng khám, bệnh, sức khỏe',
  ),
  C(
    'school',
    'trường học, giáo dục',
    'giáo viên, cô giáo, thầy giáo, học phí, lớp học, học thêm, dạy thêm, sách giáo khoa, bán trú, dạy học, ' +
      'sĩ số, tuyển sinh, trái tuyến, đúng tuyến, bữa ăn bán trú',
    'trường học, trường, cổng trường, học sinh, mầm non, tiểu học, trung học, thcs, thpt, nhà trẻ, các cháu, học, đi học, lớp, ' +
      'phụ huynh, đưa đón, tan học',
  ),
  C(
    'welfare',
    'an sinh xã hội, chính sách',
    'trợ cấp, trợ giúp, hộ nghèo, cận nghèo, người nghèo, người cao tuổi, neo đơn, gia đình chính sách, người có công, thương binh, ' +
      'liệt sĩ, khuyết tật, bảo trợ xã hội, quà tết, tặng quà, thăm hỏi, chế độ, lương hưu, cứu trợ, hoàn cảnh khó khăn, vay vốn, ' +
      'việc làm, thất nghiệp, học nghề',
    'hỗ trợ, cao tuổi',
  ),
  C(
    'finance',
    'thu chi, công khai tài chính',
    'công khai, minh bạch, quỹ, thu chi, kinh phí, ngân sách, đóng góp, khoản thu, thu tiền, lạm thu, quyết toán, thu thêm, ' +
      'ngoài quy định, lệ phí, phí',
    'tiền',
    'miễn phí, không mất phí, không thu phí',
  ),
  C(
    'governance',
    'đại biểu, tiếp xúc cử tri',
    'đại biểu, cử tri, tiếp xúc cử tri, hội đồng nhân dân, hđnd, họp dân, hội nghị, lấy ý kiến, chất vấn, đảng viên, chi bộ',
  ),
  C(
    'traffic',
    'an toàn giao thông',
    'giao thông, biển báo, đèn giao thông, đèn tín hiệu, đèn đỏ, vượt đèn, gờ giảm tốc, giảm tốc, giảm tốc độ, gương cầu lồi, ' +
      'tai nạn, vạch kẻ đường, xe quá tải, tốc độ, phóng nhanh, cấm xe, giờ cấm, khúc cua, điểm mù, ' +
      'đường một chiều, chạy nhanh, vượt ẩu, đón khách, đón trả khách, trả khách, bắt khách, dừng đỗ đón khách, ' +
      'dừng đón khách, xe khách',
    'xe tải, xe ben, xe container',
  ),
  C(
    'recreation',
    'sân chơi, thể thao',
    'vui chơi, đồ chơi, tập thể dục, thể dục, thể thao, dạy bơi, dụng cụ thể dục, câu lạc bộ, sinh hoạt hè, học bơi',
    'sân chơi, khu vui chơi, công viên, vườn hoa, sân bóng, bể bơi, sân tập',
  ),
  C('broadcast', 'loa phát thanh', 'loa phát thanh, phát thanh, loa truyền thanh, truyền thanh, đài phát thanh, loa phường'),
  C('ceremony', 'đám cưới, đám tang', 'đám cưới, đám tang, đám ma, đám hiếu, đám giỗ, dựng rạp, rạp cưới, hiếu hỉ, kèn trống'),
  C('fire', 'phòng cháy chữa cháy', 'hỏa hoạn, phòng cháy, chữa cháy, cháy nổ, cháy nhà, bình chữa cháy, đám cháy, nguy cơ cháy, bình gas'),
  C('food', 'an toàn thực phẩm', 'thực phẩm, an toàn thực phẩm, ngộ độc, thực phẩm bẩn, hàng giả, hàng kém chất lượng, hết hạn'),
  C('toilets', 'nhà vệ sinh công cộng', 'nhà vệ sinh, nhà vệ sinh công cộng, vệ sinh công cộng, nhà tắm, bể phốt, hầm cầu'),
  C(
    'fault',
    'hư hỏng',
    'hỏng, hư, hư hỏng, bị hỏng, cháy, tắt, tắt ngúm, không sáng, chập chờn, vỡ, gãy, tắc, nứt, sập, không hoạt động, rò rỉ, ' +
      'hết tác dụng, hư hại, bị mất, mất nắp, bể, hư hết, hỏng hết',
    'xuống cấp',
    'ùn tắc, tắc đường, tắc nghẽn, kẹt xe, tắt máy, cháy nhà, cháy nổ, hỏng hóc xe',
    // Half: complaints about one broken thing say "hỏng" or not as it comes ("tối om" is a fault too).
    0.5,
  ),
  C(
    'delay',
    'chờ đợi, chậm trễ',
    'chờ lâu, chờ đợi, xếp hàng, chờ mấy tiếng, chờ cả buổi, chờ cả ngày, lâu quá, quá lâu, chậm trễ, chậm, trễ, trễ hẹn, ' +
      'hẹn hoài, hẹn nhiều lần, hẹn mãi, quá hạn, chưa có kết quả, mấy tháng chưa, lâu rồi chưa, tới lượt, đến lượt, lấy số',
    '',
    '',
    // Half, like a fault: waiting is how many complaints about a service are put, whatever the service.
    0.5,
  ),
  C(
    'addition',
    'lắp thêm, làm mới',
    'lắp thêm, đặt thêm, lắp đặt thêm, lắp đặt, bổ sung, bổ sung thêm, xây thêm, trồng thêm, mở thêm, làm thêm, có thêm, ' +
      'bố trí thêm, lắp mới, xây mới, làm mới, đầu tư, đầu tư xây dựng, mở lớp, tổ chức',
    '',
    '',
    // Full: asking for something new is another matter than complaining that something fails.
    1.5,
  ),
  C(
    'housing',
    'chung cư, nhà tập thể',
    'chung cư, thang máy, ban quản trị, ban quản lý, phí quản lý, phí dịch vụ, hầm xe, nhà tập thể, nhà ở xã hội',
  ),
];

/**
 * Folded forms that stand for several everyday words; a cue word with such a form must carry its diacritics in an
 * accented text, and cannot make a cue on its own in an unaccented one. Each entry lists (after "=") some of the
 * words it folds from, for the reader.
 */
const AMBIGUOUS_NOTES =
  'den=đèn đến đen, toi=tối tôi tỏi, cho=chó cho chợ chỗ, o=ổ ở ô, ban=bán bàn bạn bẩn ban, mua=mưa mua múa, ' +
  'cong=cống công cộng cong, ho=hố họ hồ hộ, chay=cháy chạy chay, hoi=hôi hỏi hội hơi, on=ồn ổn ơn, do=đổ đỗ đó đỏ đồ, ' +
  'om=ốm ôm om, bao=bão báo bảo bao, xa=xả xa xã, dong=đọng đống đông đồng động, lo=lò lo lỗ lộ, lon=lớn lợn lon, ' +
  'cat=cắt cát, bui=bụi bùi, no=nổ nợ no, ung=úng ủng ứng, lun=lún lùn, nut=nứt nút, vo=vỡ vợ vở vô, gay=gãy gây gầy, ' +
  'am=ầm ấm âm, dem=đêm đem đếm, tre=trẻ tre trễ, ranh=rãnh rảnh ranh, he=hè hẹ hè, dau=đậu đầu đau dầu đâu, sach=sạch sách, ' +
  'may=máy mấy mây may, thu=thu thư thứ thú, don=dọn đơn đón, dot=đốt đợt đột, nga=ngã ngà nga, te=té tê tệ, hong=hỏng hồng hông, ' +
  'tat=tắt tất tật, sang=sáng sang sàng, khoi=khói khỏi khối, rao=rào rao rảo, vua=vừa vua vữa, lua=lừa lửa lúa lụa, ' +
  'dat=đất đạt đặt, gach=gạch gạch, hoc=học hóc, lop=lớp lốp, tien=tiền tiến tiên, phi=phí phi, dai=dại dài đài dải, ' +
  'quat=quát quạt, thai=thải thai thái, bay=bày bay bảy bày, dan=dán dân đàn đan, chuot=chuột, tang=tầng tăng tang, ' +
  'ro=rõ rò rổ, thoi=thối thôi, khai=khai khái, mui=mùi mũi, meo=mèo méo, chiem=chiếm, lan=lấn lần lan, vat=vật vặt vát, ' +
  'muoi=muỗi muối mười, tiem=tiêm tiệm, kham=khám khảm, benh=bệnh bênh, thuoc=thuốc thuộc, nhac=nhạc nhắc, loa=loa lóa, hat=hát hạt, ' +
  'cay=cây cay cấy, vi=vỉa vì ví, dien=điện diện điên diễn, nuoc=nước, ga=gà ga gá, boi=bới bơi bồi bói, bung=bung bưng bừng, ' +
  'canh=cành cạnh cảnh canh, gian=gián gian giàn, khoan=khoan khoản, long=long lòng lông lỏng, quan=quán quan quận quân quản, ' +
  'quy=quỹ quy quý, sap=sập sắp, tac=tắc tác, truong=trường trưởng, va=vá và, xay=xây xảy xay, xuong=xưởng xuống xương, ' +
  'qua=qua quá quà quả, benh=bệnh bênh, be=bể bé bè bẻ bê';

/** Entries of AMBIGUOUS_NOTES whose folded form is truly ambiguous (the first listed words mean different things). */
const NOT_AMBIGUOUS = new Set(['chuot', 'chiem', 'nuoc', 'ga', 'gach', 'vi', 'cay', 'hat', 'loa', 'mui', 'kham', 'benh']);

export const AMBIGUOUS: () => ReadonlySet<string> = lazy(
  () =>
    new Set(
      AMBIGUOUS_NOTES.split(',')
        .map((e) => e.split('=')[0].trim())
        .filter((f) => f && !NOT_AMBIGUOUS.has(f)),
    ),
);

/** Cues of two words or more whose folded spelling is also a common phrase: they never match typed without diacritics. */
const PLAIN_COLLISIONS: ReadonlySet<string> = new Set([
  'toi om', // tối om, tôi ốm
  'toi den', // tối đen, tôi đến
  'toi tam', // tối tăm, tôi tạm
  'o voi', // ổ voi, ở với
  'den do', // đèn đỏ, đến đó
  'bi mat', // bị mất, bí mật
  'lan sang', // lấn sang, lan sang
  'so do', // sổ đỏ, sợ đổ
  'do dac', // đo đạc, đồ đạc
  'lam thu', // lạm thu, làm thủ (tục)
]);

/** A word of a text as the matcher needs it. */
export interface ConceptToken {
  /** Folded spelling. */
  f: string;
  /** Written spelling, lower case, NFC. */
  s: string;
  /** Among words written without diacritics: a bare word may stand for an accented one. */
  plain: boolean;
}

/** How strongly an opinion is about one concept, and the cues that said so (in the text's spelling). */
export interface ConceptHit {
  /** Index in CONCEPTS. */
  concept: number;
  /** 0.5 (one weak cue) … CONCEPT_CAP. */
  strength: number;
  cues: string[];
}

/** Most strength one concept gets from several cues: one strong cue 1, each further cue adds half its weight. */
export const CONCEPT_CAP = 1.5;

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** Spelling with the tone mark moved to the end, so "hoà" and "hòa", "thuỷ" and "thủy" compare equal. */
function toneKey(s: string): string {
  const d = s.normalize('NFD');
  const tone = d.match(TONES)?.[0] ?? '';
  return d.replace(TONES, '').normalize('NFC') + tone;
}

interface Cue {
  concept: number;
  weight: number;
  /** Cue text, NFC lower case. */
  text: string;
  folded: string[];
  /** Tone keys of the written words. */
  tones: string[];
  /** Which written words carry no diacritics. */
  bare: boolean[];
  /** Folded, it is also a common phrase (see PLAIN_COLLISIONS). */
  collides: boolean;
}

/**
 * Cues by the folded form of their first word, longest first: problem concepts in [0], aspects in [1]. Built on first
 * use, not at load: Apps Script evaluates the whole bundle at every execution, and only a report needs it.
 */
let cueIndexBuilt: ReadonlyArray<ReadonlyMap<string, Cue[]>> | null = null;
function cueIndex(): ReadonlyArray<ReadonlyMap<string, Cue[]>> {
  return (cueIndexBuilt ??= buildCueIndex());
}

function buildCueIndex(): ReadonlyArray<ReadonlyMap<string, Cue[]>> {
  const index = [new Map<string, Cue[]>(), new Map<string, Cue[]>()];
  const seen = new Map<string, Cue>();
  CONCEPTS.forEach((c, concept) => {
    const into = index[c.aspect === undefined ? 0 : 1];
    const add = (phrase: string, weight: number): void => {
      const text = phrase.toLowerCase().normalize('NFC');
      const written = text.split(/\s+/).filter(Boolean);
      const folded = written.map((w) => foldVietnamese(w));
      if (folded.some((f) => !f || f.includes(' '))) return;
      const key = text + '\u0000' + concept;
      const old = seen.get(key);
      if (old) {
        old.weight = Math.max(old.weight, weight);
        return;
      }
      const cue: Cue = {
        concept,
        weight,
        text,
        folded,
        tones: written.map((w) => toneKey(w)),
        bare: written.map((w, k) => w === folded[k]),
        collides: PLAIN_COLLISIONS.has(folded.join(' ')),
      };
      seen.set(key, cue);
      const l = into.get(folded[0]);
      if (l) l.push(cue);
      else into.set(folded[0], [cue]);
    };
    c.strong.forEach((p) => add(p, 1));
    c.weak.forEach((p) => add(p, 0.5));
    c.not?.forEach((p) => add(p, 0));
  });
  for (const m of index)
    for (const l of m.values()) l.sort((a, b) => b.folded.length - a.folded.length || b.weight - a.weight || a.concept - b.concept);
  return index;
}

const toneCache = new Map<string, string>();

function toneOf(s: string): string {
  let t = toneCache.get(s);
  if (t === undefined) {
    t = toneKey(s);
    if (toneCache.size < 20000) toneCache.set(s, t);
  }
  return t;
}

/**
 * Whether a cue is written at a word of a text. A word written with diacritics must carry the cue word's own (tone
 * placement aside). A bare word in a text written with diacritics is taken as written: it matches a bare cue word
 * only ("karaoke", "xe"). In a text written without diacritics, a bare word matches on its folded form, and the cue
 * needs one word that is not AMBIGUOUS or was written with diacritics.
 */
function matchesAt(cue: Cue, tokens: readonly ConceptToken[], tones: readonly string[], at: number): boolean {
  if (at + cue.folded.length > tokens.length) return false;
  // Two words or more say what they mean, unless they also spell a common phrase (PLAIN_COLLISIONS): then only
  // words written with diacritics tell.
  let telling = cue.folded.length > 1 && !cue.collides;
  for (let k = 0; k < cue.folded.length; k++) {
    const t = tokens[at + k];
    if (t.f !== cue.folded[k]) return false;
    if (t.s !== t.f) {
      if (tones[at + k] !== cue.tones[k]) return false;
      telling = true;
    } else if (!t.plain) {
      if (!cue.bare[k]) return false;
      telling = true;
    } else if (!cue.collides && !AMBIGUOUS().has(t.f)) telling = true;
  }
  return telling;
}

/** How many words after an ambiguous bare word a fault may come to tell what the word is (see matchConcepts). */
const FAULT_REACH = 3;

/**
 * The concepts of a text, from its words (folded and written).
 * Longest cue first at each word, without overlap; a cue counts once however often it occurs. Ordered by concept.
 */
export function matchConcepts(tokens: readonly ConceptToken[]): ConceptHit[] {
  // Per concept, per cue: its weight and its first spelling in the text.
  const found = new Map<number, Map<string, { weight: number; spelt: string }>>();
  const tones = tokens.map((t) => (t.s !== t.f ? toneOf(t.s) : ''));
  // Bare ambiguous words of unaccented text that would be a one-word cue of a problem ("den"), by position.
  const untold: Array<{ at: number; cues: Cue[]; pairs: Cue[] }> = [];
  // Positions where a fault is named.
  const faults: number[] = [];
  // Problems and aspects are read in separate passes: "đèn hỏng" is street lighting and a fault.
  const CUE_INDEX = cueIndex();
  for (const index of CUE_INDEX) {
    let at = 0;
    while (at < tokens.length) {
      const candidates = index.get(tokens[at].f);
      let length = 0;
      if (candidates) {
        for (const c of candidates) {
          if (matchesAt(c, tokens, tones, at)) {
            length = c.folded.length;
            break;
          }
        }
      }
      if (length === 0) {
        if (index === CUE_INDEX[0] && candidates && tokens[at].plain && tokens[at].s === tokens[at].f) {
          const single = candidates.filter((c) => c.folded.length === 1 && c.weight === 1 && c.bare[0] === false);
          if (single.length) untold.push({ at, cues: single, pairs: candidates.filter((c) => c.folded.length === 2) });
        }
        at++;
        continue;
      }
      if (index === CUE_INDEX[1] && candidates!.some((c) => c.folded.length === length && CONCEPTS[c.concept].id === 'fault'))
        faults.push(at);
      // Every concept with a cue of that length there counts it ("chập chờn" is a flickering lamp, and weak power).
      for (const hit of candidates!) {
        if (hit.folded.length !== length || hit.weight === 0 || !matchesAt(hit, tokens, tones, at)) continue;
        let cues = found.get(hit.concept);
        if (!cues) found.set(hit.concept, (cues = new Map()));
        if (!cues.has(hit.text)) {
          const spelt = tokens
            .slice(at, at + length)
            .map((t) => t.s)
            .join(' ');
          cues.set(hit.text, { weight: hit.weight, spelt });
        }
      }
      at += length;
    }
  }
  // An ambiguous bare word followed closely by a fault reads as the thing that fails when the lexicon has the two
  // as a phrase of that problem: "den cong vien hu" is "đèn … hư", a lamp, where "den" alone may be "đến" or "đen";
  // "cho dem hu" is no "chó … hư". It counts as the cue it is, and only for a problem the text does not name
  // otherwise.
  for (const u of untold) {
    const near = faults.filter((f) => f > u.at && f <= u.at + FAULT_REACH).map((f) => tokens[f].f);
    for (const cue of u.cues) {
      if (found.has(cue.concept)) continue;
      if (!u.pairs.some((p) => p.concept === cue.concept && p.weight > 0 && near.includes(p.folded[1]))) continue;
      found.set(cue.concept, new Map([[cue.text, { weight: cue.weight, spelt: tokens[u.at].s }]]));
    }
  }
  const out: ConceptHit[] = [];
  for (const [concept, cues] of Array.from(found.entries()).sort((a, b) => a[0] - b[0])) {
    const weights = Array.from(cues.values(), (c) => c.weight).sort((a, b) => b - a);
    const strength = Math.min(CONCEPT_CAP, weights[0] + weights.slice(1).reduce((s, w) => s + w / 2, 0));
    out.push({ concept, strength, cues: Array.from(cues.values(), (c) => c.spelt) });
  }
  return out;
}

/** The label of a concept index. */
export function conceptLabel(concept: number): string {
  return CONCEPTS[concept]?.label ?? '';
}

/** Number of concepts. */
export const CONCEPT_COUNT = CONCEPTS.length;

/**
 * Problems that are a condition of a place, shared by everyone there (a broken street light, a rubbish heap, a noisy
 * karaoke): two opinions of one place and category about the same such problem are one issue however they word it.
 * The others are personal cases (a benefit, a procedure, a bill, a land dispute) that only their wording can join.
 */
const LOCAL: ReadonlySet<string> = new Set(
  (
    'lighting waste smell flooding manhole noise road encroachment water power wires theft disorder racing ' +
    'drugs gambling advertising animals trees construction dust pollution pests traffic recreation broadcast ceremony fire ' +
    'toilets housing'
  ).split(' '),
);

/** True for a problem that is a condition of a place (see LOCAL); false for a personal case and for an aspect. */
export function isLocal(concept: number): boolean {
  const c = CONCEPTS[concept];
  return c !== undefined && c.aspect === undefined && LOCAL.has(c.id);
}

/**
 * True for an aspect that makes any problem a condition of its place: a fault or a delay ("the one-stop desk keeps
 * people waiting" is the desk's condition, where "my papers" alone are a personal case).
 */
export function isConditionAspect(concept: number): boolean {
  const c = CONCEPTS[concept];
  return c !== undefined && (c.id === 'fault' || c.id === 'delay');
}

/** True for an aspect concept (see ConceptDef.aspect). */
export function isAspect(concept: number): boolean {
  return CONCEPTS[concept]?.aspect !== undefined;
}

/** The weight of an aspect joined to a problem (0 for a problem concept). */
export function aspectWeight(concept: number): number {
  return CONCEPTS[concept]?.aspect ?? 0;
}

let cueWordsBuilt: ReadonlySet<string> | null = null;
/** Every folded word of a cue (built on first use). */
export function cueWords(): ReadonlySet<string> {
  return (cueWordsBuilt ??= new Set(
    CONCEPTS.flatMap((c) => [...c.strong, ...c.weak]).flatMap((p) => foldVietnamese(p).split(' ').filter(Boolean)),
  ));
}

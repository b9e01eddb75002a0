#!/usr/bin/env python3
"""Corpora for bench/speed.sh, written as JSON lines.

  corpus.py dense SEEDS_DIR OUT.jsonl MB
      The seed articles as they are (front matter, markup, page furniture),
      one per line as `text`, repeated until the corpus holds MB megabytes;
      each copy has a unique id and a date spread over a year.  Dense: most
      of the seeds' sentences carry a cue.

  corpus.py mix INSPECT.jsonl OUT.jsonl MB [NEUTRAL_PER_PARA]
      A realistic mix: the cleaned paragraphs of the seeds (`stancegraph
      inspect` output), each followed by NEUTRAL_PER_PARA (default 3)
      paragraphs of neutral news text in the article's language (markets,
      weather, sport, transport, culture), so that only a minority of the
      sentences carries a cue.  The neutral sentences are generated here
      from templates and word lists written for this benchmark; they
      name no actor and state no relation.

Deterministic: the same arguments give the same bytes.
"""
import datetime
import json
import os
import random
import sys

EN_SUBJECTS = [
    "The city council", "A regional bakery chain", "The harbour authority", "Local farmers",
    "The university library", "A cycling club", "The water utility", "Shop owners downtown",
    "The county museum", "A family-run brewery", "Commuters on the northern line",
    "The weather service", "Organisers of the spring fair", "A mid-sized logistics firm",
    "The public swimming pool", "Volunteers at the food bank", "The national orchestra",
]
EN_VERBS = [
    "reported a rise in visitors", "opened a new branch", "extended its opening hours",
    "posted higher quarterly sales", "announced a renovation plan", "welcomed the first guests",
    "recorded the warmest week of the year", "published its annual figures",
    "reduced ticket prices for students", "finished repairs on the old bridge",
    "added two routes to its timetable", "hired forty seasonal workers",
    "expects a busy summer season", "closed early because of heavy rain",
]
EN_TAILS = [
    "on Tuesday", "last month", "after a quiet winter", "for the third year running",
    "despite higher energy costs", "according to its own figures", "ahead of the holidays",
    "in the old town", "near the central station", "as demand picked up",
]
EN_EXTRA = [
    "Prices for fresh vegetables fell slightly at the weekly market.",
    "The forecast promises sunshine and light winds for the weekend.",
    "Tickets for the final match sold out within an hour.",
    "Road works on the ring road are due to end in September.",
    "The exhibition of early photographs runs until the end of the month.",
    "Attendance at evening classes has doubled since the autumn.",
    "A new playground opened beside the river promenade.",
    "Rail services will run on a reduced timetable during the holiday.",
]

ZH_SUBJECTS = [
    "市图书馆", "一家连锁面包店", "港口管理处", "当地果农", "城市自行车俱乐部", "自来水公司",
    "老城区商户", "县博物馆", "一家家庭酿酒作坊", "北线通勤乘客", "气象台", "春季花市主办方",
    "一家物流企业", "市民游泳馆", "食物银行志愿者", "市交响乐团", "社区卫生服务中心",
]
ZH_VERBS = [
    "客流量明显回升", "新开了一家门店", "延长了营业时间", "季度销售额有所增长", "公布了翻修计划",
    "迎来了首批游客", "记录到今年最暖的一周", "发布了年度报告", "为学生下调了票价",
    "完成了老桥的维修", "新增两条公交线路", "招聘了四十名季节工", "预计今夏将十分繁忙",
    "因大雨提前闭馆",
]
ZH_TAILS = [
    "本周二", "上个月", "经过一个平静的冬天之后", "连续第三年", "尽管能源成本上涨",
    "据其自身统计", "在假期来临之前", "在老城区", "在火车站附近", "随着需求回暖",
]
ZH_EXTRA = [
    "本周农贸市场的新鲜蔬菜价格略有回落。",
    "天气预报显示周末以晴为主，风力较小。",
    "决赛门票在一小时内售罄。",
    "环城路的道路施工预计九月结束。",
    "早期摄影作品展将持续到月底。",
    "夜校的报名人数比去年秋天翻了一番。",
    "河滨步道旁新建的儿童游乐场正式开放。",
    "假期期间铁路将按调整后的时刻表运行。",
]


def neutral_paragraph(rng, zh):
    n = rng.randint(2, 4)
    out = []
    for _ in range(n):
        if rng.random() < 0.25:
            out.append(rng.choice(ZH_EXTRA if zh else EN_EXTRA))
        elif zh:
            out.append(f"{rng.choice(ZH_TAILS)}，{rng.choice(ZH_SUBJECTS)}{rng.choice(ZH_VERBS)}。")
        else:
            out.append(f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_VERBS)} {rng.choice(EN_TAILS)}.")
    return ("" if zh else " ").join(out)


def write_lines(out, mb, make):
    target = int(mb * 1024 * 1024)
    day0 = datetime.date(2023, 1, 1)
    written = n = 0
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        while written < target:
            row = make(n)
            row["date"] = (day0 + datetime.timedelta(days=n % 365)).isoformat()
            line = json.dumps(row, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode())
            n += 1
    os.replace(out + ".tmp", out)


def dense(seeds, out, mb):
    files = sorted(os.listdir(seeds))
    texts = [(f.rsplit(".", 1)[0], open(os.path.join(seeds, f), encoding="utf-8").read()) for f in files]

    def make(n):
        name, text = texts[n % len(texts)]
        return {"id": f"{name}-{n}", "text": text}

    write_lines(out, mb, make)


def mix(inspect, out, mb, per_para):
    arts = [json.loads(l) for l in open(inspect, encoding="utf-8")]
    rng = random.Random(7)

    def make(n):
        a = arts[n % len(arts)]
        zh = a.get("lang", "zh").startswith("zh")
        paras = []
        for p in a["paragraphs"]:
            if p.get("heading"):
                continue
            paras.append(p["text"])
            paras.extend(neutral_paragraph(rng, zh) for _ in range(per_para))
        return {"id": f'{a["id"]}-{n}', "outlet": a["outlet"], "title": a["title"],
                "text": "\n\n".join(paras)}

    write_lines(out, mb, make)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "dense" and len(sys.argv) == 5:
        dense(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif mode == "mix" and len(sys.argv) in (5, 6):
        per = int(sys.argv[5]) if len(sys.argv) == 6 else 3
        mix(sys.argv[2], sys.argv[3], float(sys.argv[4]), per)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

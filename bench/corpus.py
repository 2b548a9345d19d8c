"""A seeded generator of realistic, varied bank-hotline calls and chats (canonical JSON Lines).

Every call has an opening, identity verification, business talk, sometimes a hold, sometimes
a complaint, and a closing; agents sometimes break rules (missing opening or closing,
服务忌语, profanity, brush-offs, unannounced holds, interruptions); text is simplified or
traditional, with ASR-style spacing and homophones in some calls; names, amounts, dates,
card and phone numbers vary. The same seed gives the same corpus.

    python bench/corpus.py 10000 -o calls.jsonl --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞宇浩然欣怡子涵梓轩雨桐思远"
PRODUCTS = ["信用卡", "借记卡", "定期存款", "理财产品", "个人住房贷款", "手机银行", "网上银行", "外汇业务",
            "短信提醒", "分期付款", "积分兑换", "转账限额", "大额存单", "基金定投", "汽车贷款", "数字人民币钱包"]
ISSUES = ["被冻结了", "刷不了", "密码忘了", "额度不够用", "扣了一笔年费", "收到一条陌生短信", "转账没到账",
          "登录不上", "还款日想改一下", "积分怎么没到账", "利率是多少", "要提前还款", "挂失之后怎么补办",
          "境外消费被拒了", "账单金额不对", "想开通自动还款"]
BUSINESS = [
    "您的{product}目前状态正常，{amount}元的交易已经入账，预计{days}个工作日内会在账单上体现。",
    "根据规定，{product}需要本人携带身份证到任意网点办理，办理时间是工作日上午九点到下午五点。",
    "您这笔{amount}元的交易是{date}在商户消费的，如果不是本人操作，我们可以帮您先冻结卡片。",
    "我这边已经帮您提交了申请，审核结果会在{days}个工作日内通过短信通知您，请您留意手机。",
    "现在办理{product}的话，年利率是百分之{rate}，起存金额是{amount}元，期限可以选一年或者三年。",
    "您的还款日是每月{day}号，本期应还金额是{amount}元，最低还款额是{small}元。",
    "手机银行的操作步骤是先点首页的转账，再选择收款人，输入金额{amount}元之后确认就可以了。",
    "这个情况需要我们的后台部门核实，核实之后会有专人在{days}个工作日内给您回电，请您保持电话畅通。",
    "系统显示您的{product}在{date}有一笔{amount}元的支出，商户名称是一家超市。",
    "如果您对这笔交易有疑问，可以申请调单，调单大概需要{days}个工作日，费用是免收的。",
    "滚动还款的方式是每个月按时还最低还款额，剩下的部分会按日计息，建议您尽量全额还款。",
    "您说的这个可靠吗？是的，这是我们银行官方的活动，您可以放心参加。",
    "您的卡片在{date}因为异地大额交易触发了风控，我现在已经为您解除了限制。",
]
CUSTOMER = [
    "我的{product}{issue}，你帮我看看怎么回事。", "你好，我想问一下{product}的事情。",
    "那大概要多久啊？", "好的，我明白了。", "能不能快一点，我等着用钱。", "我上周已经打过一次电话了。",
    "卡号是{card}，身份证号是{idno}。", "我的手机号是{phone}。", "那利息怎么算？", "嗯，你继续说。",
    "好，那我去网点办。", "这个收费合理吗？", "我姓{surname}。", "是本人，{surname}{given}。",
]
OPENINGS = ["您好！{no}号很高兴为您服务！", "您好，{no}号很高兴为您服务，请问有什么可以帮您？",
            "您好，工号{no}为您服务。", "您好！我是XX银行客服中心{no}号客服代表！"]
BAD_OPENINGS = ["喂？", "喂，说吧。", "什么事？"]
VERIFY = ["请问您贵姓？", "{surname}先生您好，为了核实身份，请您提供一下卡号和身份证号码。",
          "{surname}女士您好，请您说一下预留的手机号码。", "好的，身份核实通过了。"]
HOLD_ASK = ["好的，请您稍等，我为您查询一下。", "麻烦您等一下，我帮您核实。", "请您稍候，我查一下系统。"]
HOLD_NO_ASK = ["我查一下。", "等会儿。"]
HOLD_BACK = ["{surname}先生，让您久等了。", "感谢您的耐心等待。", "让您久等了，已经查到了。"]
FORBIDDEN = ["这事不归我管，您去问网点吧。", "我不知道，您自己看着办。", "不是告诉你了吗，怎么还问？",
             "你尽管投诉好了。", "我就这态度。", "快下班了，明天再来吧。", "嫌贵就别用。", "没看到我在忙吗？"]
BRUSH = ["这个我也不太清楚。", "我也不知道是怎么回事。"]
PROFANE = ["你有病吧。", "滚，别烦我。"]
CUSTOMER_ANGRY = ["你们这什么破银行，真是有病！", "我要投诉你们！", "你们的服务太差了。"]
CLOSING_Q = ["请问还有什么可以帮您？", "还有什么可以帮到您的吗？", "请问还有其他问题吗？"]
THANKS = ["感谢您的来电，再见！", "感谢您的来电，祝您生活愉快，再见！"]
RATING = ["稍后请您对我的服务进行评价，", "挂机后请您对本次服务进行评价，"]
ASR_SWAPS = [("您", "你"), ("再见", "在见"), ("服务", "服 务")]
AGENTS = [(str(1000 + i), random.Random(i).choice(SURNAMES) + random.Random(i + 99).choice(GIVEN)) for i in range(60)]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


class Generator:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        from opencc import OpenCC

        self.s2t = OpenCC("s2t")

    def fill(self, template: str, ctx: dict) -> str:
        rng = self.rng
        values = dict(
            product=rng.choice(PRODUCTS), issue=rng.choice(ISSUES), amount=rng.choice([
                str(rng.randint(1, 99) * 100), f"{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}"]),
            small=str(rng.randint(50, 900)), days=rng.choice("一二三五七"), rate=rng.choice(["一点五", "二点一", "二点七五"]),
            date=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日", day=str(rng.randint(1, 28)),
            card="6222" + _digits(rng, 12), idno="1101" + _digits(rng, 13) + rng.choice("0123456789X"),
            phone="1" + rng.choice("3578") + _digits(rng, 9), **ctx,
        )
        return template.format(**values)

    def call(self, index: int) -> dict:
        rng = self.rng
        agent_id, agent_name = rng.choice(AGENTS)
        ctx = {"no": agent_id, "surname": rng.choice(SURNAMES), "given": rng.choice(GIVEN)}
        chat = rng.random() < 0.1
        turns: list[tuple[str, str]] = []
        a = lambda t: turns.append(("agent", self.fill(t, ctx)))  # noqa: E731
        c = lambda t: turns.append(("customer", self.fill(t, ctx)))  # noqa: E731

        a(rng.choice(BAD_OPENINGS) if rng.random() < 0.05 else rng.choice(OPENINGS))
        c(rng.choice(CUSTOMER[:2]))
        for template in rng.sample(VERIFY, 2):
            a(template)
            c(rng.choice(CUSTOMER[6:8] + CUSTOMER[12:]))
        hold_at = rng.randint(3, 8) if rng.random() < 0.4 else -1
        length = rng.randint(9, 15)
        for k in range(length):
            if k == hold_at:
                a(rng.choice(HOLD_NO_ASK) if rng.random() < 0.2 else rng.choice(HOLD_ASK))
                turns.append(("hold", ""))
                a(rng.choice(HOLD_BACK) + self.fill(rng.choice(BUSINESS), ctx))
                continue
            roll = rng.random()
            if roll < 0.03:
                a(rng.choice(FORBIDDEN))
            elif roll < 0.05:
                a(rng.choice(BRUSH))
            elif roll < 0.055:
                a(rng.choice(PROFANE))
            else:
                a(rng.choice(BUSINESS) + (self.fill(rng.choice(BUSINESS), ctx) if rng.random() < 0.85 else ""))
            c(rng.choice(CUSTOMER_ANGRY) if rng.random() < 0.05 else rng.choice(CUSTOMER))
        if rng.random() > 0.08:
            a(rng.choice(CLOSING_Q))
            c("没有了，谢谢。")
        closing = (rng.choice(RATING) if rng.random() > 0.1 else "") + (rng.choice(THANKS) if rng.random() > 0.08 else "好的。")
        a(closing)

        traditional = rng.random() < 0.1
        asr = not chat and rng.random() < 0.15
        utterances, clock = [], 0.0
        for role, text in turns:
            if role == "hold":
                clock += rng.uniform(12, 45)
                continue
            if traditional:
                text = self.s2t.convert(text)
            if asr:
                for old, new in ASR_SWAPS:
                    if rng.random() < 0.5:
                        text = text.replace(old, new)
                text = text.replace("，", " ").replace("。", " ").strip()
            seconds = max(1.0, len(text) / rng.uniform(3.5, 5.0))
            start = clock + (rng.uniform(-0.8, 0.2) if role == "agent" and rng.random() < 0.05 else rng.uniform(0.2, 1.5))
            start = max(start, 0.0)
            utterances.append({"role": role, "text": text, "start": round(start, 1), "end": round(start + seconds, 1)})
            clock = start + seconds
        started = datetime(2026, 11, 1, 8) + timedelta(seconds=index * 37 % (30 * 86400))
        return {
            "call_id": f"B{index:07d}", "agent_id": agent_id, "agent_name": agent_name,
            "channel": "chat" if chat else "call", "direction": "inbound",
            "started_at": started.isoformat() + "+08:00", "utterances": utterances,
        }


def write_corpus(path: str, count: int, seed: int = 7) -> None:
    generator = Generator(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for index in range(count):
            fh.write(json.dumps(generator.call(index), ensure_ascii=False) + "\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.output == "-":
        generator = Generator(args.seed)
        for index in range(args.count):
            sys.stdout.write(json.dumps(generator.call(index), ensure_ascii=False) + "\n")
    else:
        write_corpus(args.output, args.count, args.seed)


if __name__ == "__main__":
    main()

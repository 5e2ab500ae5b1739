"""Every user-facing string and button label, in Traditional Chinese as used in Taiwan."""

from __future__ import annotations

START = (
    "你好，我是<b>訓練進修小幫手</b>。\n"
    "我回答公務人員訓練進修的問題：進修方式與公假、留職停薪進修、進修後服務義務、"
    "補助、每年學習時數、英語與數位學習獎勵、市府訓練課程。\n"
    "直接打字問我就可以，口語、簡體、英文或關鍵字都行。\n\n"
    "答案依據桃園市政府104年度訓練進修計畫與相關法規，並註明版本；"
    "規定後來有變的地方我會說明。正式認定仍以服務機關人事單位為準。\n\n"
    "隱私：我只記錄問題文字與去識別化的代碼，用來改進答案，詳見 /privacy。\n\n"
    "可以這樣問："
)
START_EXAMPLES = (
    "留職停薪進修最長多久？",
    "帶薪進修8個月要服務多久？",
    "每年要上幾小時課？",
    "考過英檢中級有什麼獎勵？",
)
HELP = (
    "<b>怎麼用</b>\n"
    "直接輸入問題，例如「部分辦公時間進修每週公假幾小時」。\n"
    "問題裡有數字時我會幫你算，例如「預算員額32人，進修名額幾人」。\n"
    "我不確定時會列出選項，點一下就好；答案不對請按 👎。\n\n"
    "<b>指令</b>\n"
    "/start 開始與範例問題\n"
    "/help 使用說明\n"
    "/privacy 隱私說明"
)
HELP_ADMIN = "\n\n<b>人事人員</b>\n/report 最常見的未回答、需釐清與被按 👎 的問題"
PRIVACY = (
    "<b>隱私說明</b>\n"
    "・我記錄你問的文字、我的回答結果與時間，用來找出答不好的問題並改進。\n"
    "・你的 Telegram 帳號只以加密雜湊代碼保存，無法還原成你的身分。\n"
    "・紀錄保存 {days} 天後自動刪除。\n"
    "・我不會詢問或保存身分證字號。\n"
    "・在群組中我不顯示任何個人資料。"
)
SOURCE = "出處"
EDITION = "版本"
TRUNCATED = "（你的訊息太長，我只讀了前 10,000 個字。）"
RELATED = "相關問題："
HELPFUL = "👍 有幫助"
NOT_HELPFUL = "👎 回報答案有誤"
THANKS_HELPFUL = "謝謝回饋！"
THANKS_NOT_HELPFUL = "謝謝回報，人事人員會檢查這個答案。"
EXPIRED_BUTTON = "這個按鈕已失效，請直接重新輸入問題。"
NOT_TEXT = "我只看得懂文字問題，請用打字的方式問我。"
NOT_TEXT_FILE = "我只看得懂文字問題；檔案只有人事人員可以傳給我。"
UNKNOWN_COMMAND = "我不認識這個指令。可用的指令請看 /help。"
ADMIN_ONLY = "這個指令只限人事人員使用。"
ERROR = "抱歉，我這邊出了點問題，請稍後再試一次。"
GROUP_HINT = "在群組裡請提及我（@{username}）或回覆我的訊息來發問。"

REPORT_TITLE = "<b>使用報告</b>（最近 {days} 天，共 {questions} 個問題）"
REPORT_UNANSWERED = "<b>最常沒有答案的問題</b>"
REPORT_CLARIFIED = "<b>最常需要釐清的問題</b>"
REPORT_DISLIKED = "<b>最常被按 👎 的問題</b>"
REPORT_NONE = "（無）"

COMMANDS = (
    ("start", "開始與範例問題"),
    ("help", "使用說明"),
    ("privacy", "隱私說明"),
)
ADMIN_COMMANDS = (("report", "常見未回答與被按 👎 的問題"),)

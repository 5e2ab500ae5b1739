"""Every user-facing string and button label, in Traditional Chinese as used in Taiwan."""

from __future__ import annotations

START = (
    "你好，我是<b>訓練進修小幫手</b>。\n"
    "我回答公務人員訓練進修的問題：進修方式與公假、留職停薪進修、進修後服務義務、"
    "補助、每年學習時數、英語與數位學習獎勵、市府訓練課程。\n"
    "直接打字問我就可以，口語、簡體、英文或關鍵字都行。\n\n"
    "答案依據桃園市政府104年度訓練進修計畫與相關法規，並註明版本；"
    "規定後來有變的地方我會說明。正式認定仍以服務機關人事單位為準。\n\n"
    "隱私：問題只以去識別化的代碼記錄，用來改進答案；為了傳公告給你，會保存你的帳號 ID。"
    "詳見 /privacy，輸入 /forget 可全部刪除。\n\n"
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
    "/hours 我的學習時數（/hours 113 查其他年度）\n"
    "/bind 綁定碼　連結你的員工資料；/unbind 解除\n"
    "/remind on 或 off　開關時數提醒\n"
    "/courses 近期課程公告\n"
    "/subscribe 選擇要接收的公告；/unsubscribe 全部取消\n"
    "/help 使用說明\n"
    "/privacy 隱私說明；/forget 刪除我保存的所有關於你的資料"
)
HELP_ADMIN = (
    "\n\n<b>人事人員</b>\n"
    "/announce 撰寫課程公告（預覽後立即發送或排程）\n"
    "/announcements 公告發送紀錄與有興趣名單\n"
    "/report 最常見的未回答、需釐清與被按 👎 的問題\n"
    "/suggest 使用者建議的新問法，逐條核准寫入知識庫或退回\n"
    "/progress [年度] [機關]　各機關時數達成情形、圖表與 Excel\n"
    "/hours 員工編號 [年度]　查詢員工時數（會記錄稽核）\n"
    "直接傳 CSV 檔給我即可匯入時數或名冊；說明文字寫「試算」只檢查不寫入。"
)
PRIVACY = (
    "<b>隱私說明</b>\n"
    "<b>保存什麼、多久</b>\n"
    "・你問的文字、我的回答與時間、👍／👎、對公告按「我有興趣」：只以你 Telegram 帳號的"
    "加密雜湊代碼記錄（金鑰只存在本機資料庫，無法還原成你的帳號），{questions} 天後自動刪除。\n"
    "・為了能傳訊息給你，只有這些地方保存你的 Telegram 帳號 ID：公告訂閱（取消全部訂閱或封鎖我"
    "之後 {idle_subscribers} 天刪除）、員工資料綁定（到你解除綁定為止）、還沒送出的公告與通知"
    "（公告送出後保留 {delivered_ledger} 天，讓人事單位能更正或撤回，之後只留下送達人數；"
    "送不出的通知 {notices} 天後刪除）。\n"
    "・綁定碼只存雜湊值，失效或用過 {bind_codes} 天後刪除；輸入綁定碼的紀錄以雜湊代碼保存 "
    "{bind_attempts} 天。\n"
    "・人事人員未完成的公告草稿 {drafts} 天後刪除。人事人員的操作（匯入、發綁定碼、查詢時數、"
    "解除綁定）記入稽核紀錄，保存 {audit} 天，其中的帳號也只存雜湊代碼。\n"
    "・系統紀錄檔只記下訊息的前 40 個字，從不記錄綁定碼。\n"
    "・人事單位匯入的名冊與學習時數是機關的人事資料，由人事單位依規定保存與刪除。\n"
    "・你點選的選項或改用的問法，可能由人事人員審核後加入知識庫（只用問題文字，不含身分）。\n"
    "<b>誰看得到</b>\n"
    "・學習時數只有綁定的本人看得到；人事人員查詢會留下稽核紀錄。人事人員看得到問題文字的統計"
    "（不含帳號），以及對公告有興趣的已綁定同仁姓名。\n"
    "・我不會詢問或保存身分證字號；在群組中不顯示任何個人資料。\n"
    "<b>怎麼刪除</b>\n"
    "・輸入 /forget 並按確認，就會刪除上面所有關於你的資料；稽核紀錄只留下「有一位使用者刪除了資料」。"
    "/unbind 只解除綁定，/unsubscribe 只取消公告。"
)
FORGET_CONFIRM = (
    "確定要刪除我保存的所有關於你的資料嗎？包括：你問過的問題與 👍／👎 紀錄、"
    "表示有興趣的公告、公告訂閱、與員工資料的綁定（時數提醒也會停止）、尚未完成的公告草稿。"
    "刪除後無法復原。"
)
FORGET_YES = "🗑 確定刪除"
FORGET_NO = "取消"
FORGET_DONE = (
    "已刪除我保存的所有關於你的資料，也不會再傳公告或提醒給你。"
    "人事單位的稽核紀錄只記下「有一位使用者刪除了資料」，不含你的身分。"
    "之後如果再傳訊息給我，會重新開始記錄（見 /privacy）。"
)
FORGET_KEPT = "好的，沒有刪除任何資料。"
FORGET_PRIVATE_ONLY = "請私訊我輸入 /forget。"
CHAT_OUT_OF_RANGE = "請輸入 1 到 {n} 的數字選擇上面的選項，或直接輸入新的問題。"
SOURCE = "出處"
EDITION = "版本"
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
ADMIN_REVOKED = "你目前不是人事管理員，這個動作已取消，未保存的公告草稿也已刪除。"
ERROR = "抱歉，我這邊出了點問題，請稍後再試一次。"
GROUP_HINT = "在群組裡請提及我（@{username}）或回覆我的訊息來發問。"

REPORT_TITLE = "<b>使用報告</b>（最近 {days} 天，共 {questions} 個問題）"
REPORT_UNANSWERED = "<b>最常沒有答案的問題</b>"
REPORT_CLARIFIED = "<b>最常需要釐清的問題</b>"
REPORT_DISLIKED = "<b>最常被按 👎 的問題</b>"
REPORT_NONE = "（無）"

COMMANDS = (
    ("start", "開始與範例問題"),
    ("hours", "我的學習時數"),
    ("bind", "用綁定碼連結員工資料"),
    ("unbind", "解除綁定"),
    ("remind", "開啟或關閉時數提醒"),
    ("courses", "近期課程公告"),
    ("subscribe", "選擇要接收的公告"),
    ("unsubscribe", "取消所有公告"),
    ("help", "使用說明"),
    ("privacy", "隱私說明"),
    ("forget", "刪除我保存的所有關於你的資料"),
)
ADMIN_COMMANDS = (
    ("announce", "撰寫並發送課程公告"),
    ("announcements", "公告發送紀錄與有興趣人數"),
    ("report", "常見未回答與被按 👎 的問題"),
    ("suggest", "核准或退回使用者建議的新問法"),
    ("progress", "各機關學習時數達成情形：/progress [年度] [機關]"),
    ("hours", "查詢員工時數：/hours 員工編號 [年度]"),
)

# --- personal hours -----------------------------------------------------------------------
HOURS_TITLE = "<b>{name}　{roc}年（{year}）學習時數</b>"
HOURS_RULES = "依據：{label}"
HOURS_TOTAL = "總時數"
HOURS_MISSING = "還差：{items}。期限 {deadline}（{days}）。"
HOURS_DAYS_LEFT = "還有 {n} 天"
HOURS_DAYS_PAST = "已過期限"
HOURS_DONE = "✅ 今年的時數要求都已達成。"
HOURS_UPDATED = "資料更新：{at}。新上完的課通常要幾個工作天才會出現。"
HOURS_NO_DATA = "資料更新：尚未匯入時數資料。"
HOURS_COURSES_BUTTON = "📋 課程明細（{n} 筆）"
HOURS_COURSES_TITLE = "<b>{roc}年（{year}）課程明細</b>"
HOURS_NO_COURSES = "這一年沒有課程紀錄。"
HOURS_NOT_BOUND = (
    "你還沒有綁定員工資料，所以我查不到你的時數。\n"
    "請向機關人事單位索取一次性綁定碼，收到後輸入：/bind 綁定碼"
)
HOURS_OWN_HINT = "\n\n想看自己的時數？綁定後輸入 /hours（綁定碼向人事單位索取）。"
HOURS_PRIVATE_ONLY = "個人時數只在私訊中顯示，請私訊我輸入 /hours。"
HOURS_BAD_ARG = "請輸入年度，例如 /hours 113 或 /hours 2024。"
HOURS_FUTURE = "{roc}年（{year}）還沒有任何學習時數紀錄：這一年還沒開始。查今年請輸入 /hours。"
HOURS_NO_EMPLOYEE = "找不到員工編號 {id}。"
BIND_USAGE = "請輸入人事單位給你的綁定碼，例如：/bind ABCD234567"
BIND_OK = "綁定完成：{name}（{agency}）。輸入 /hours 查看你的學習時數。"
BIND_FAILED = {
    "wrong": "綁定碼不正確，請再確認一次（還可以試 {left} 次）。",
    "expired": "這個綁定碼已過期，請向人事單位重新索取（還可以試 {left} 次）。",
    "revoked": "這個綁定碼已失效（人事單位已發出新的綁定碼或解除了綁定），請向人事單位索取最新的綁定碼（還可以試 {left} 次）。",
    "used": "這個綁定碼已經用過了，請向人事單位重新索取（還可以試 {left} 次）。",
    "employee-taken": "這位員工已綁定其他帳號；如需變更，請洽人事單位。",
    "already-bound": "你已經綁定過了；如需改綁其他員工資料，請洽人事單位或先輸入 /unbind。",
    "locked": "錯誤次數太多，請於 {until} 之後再試。",
}
UNBIND_OK = "已解除綁定，我不會再顯示或提醒你的時數。先前發給你的綁定碼也已全部失效。"
UNBOUND_BY_HR = (
    "人事單位已解除你的 Telegram 帳號與員工資料的綁定，我不會再顯示或提醒你的時數。"
    "如有疑問，請洽機關人事單位。"
)
BIND_CODE_REVOKES = "先前發給 {id} 的綁定碼已全部失效，只有這一組有效。"
UNBIND_NONE = "你目前沒有綁定員工資料。"
REMIND_USAGE = "用法：/remind off 關閉時數提醒，/remind on 開啟。"
REMIND_ON = "已開啟時數提醒：期限前會提醒你還差的時數。"
REMIND_OFF = "已關閉時數提醒。"
REMINDER = (
    "⏰ 時數提醒：距離今年期限 {deadline} 還有 {days} 天，你還差：{items}。\n"
    "輸入 /hours 看明細；不想收到提醒請輸入 /remind off。"
)

IMPORT_FOR_ADMINS = "只有人事人員可以匯入檔案。"
IMPORT_TOO_BIG = "檔案太大（上限 20 MB），請分成幾個檔案。"
IMPORT_UNKNOWN_KIND = "看不出這是時數檔還是名冊：時數檔要有「課程名稱」欄，名冊要有「身分」欄。"
IMPORT_OK = (
    "{what}匯入完成{dry}：讀取 {rows} 列、{employees} 位員工；新增 {new}、未變 {unchanged}、更新 {updated}。"
)
IMPORT_BUSY = "資料庫正忙：另一個匯入正在寫入。這個檔案沒有匯入，資料庫沒有任何變動；請 {n} 秒後再傳一次。"
IMPORT_DRY = "（試算，未寫入）"
IMPORT_REJECTED = "匯入失敗，資料庫沒有任何變動。共 {count} 個問題：\n{errors}"
IMPORT_KIND = {"hours": "時數", "roster": "名冊"}

# --- announcements -------------------------------------------------------------------------
ANN_HEADER = "📢 <b>{title}</b>"
ANN_FIELDS = {
    "starts_at": "🗓 時間", "place": "📍 地點", "organiser": "🏢 主辦", "hours": "⏱ 時數",
    "categories": "🏷 類別", "deadline": "⏳ 報名截止", "link": "🔗 報名",
}
INTERESTED = "🙋 我有興趣"
INTEREST_THANKS = "已記下你有興趣，謝謝！"
INTEREST_AGAIN = "你之前已經表示過有興趣了。"
PROGRESS = "📤 「{title}」發送中：{done:,} / {total:,}"
FINAL_REPORT = (
    "✅ 「{title}」發送完成：共 {total:,} 人；送達 {sent:,}、封鎖 {blocked:,}、失敗 {failed:,}"
    "{uncertain}。"
)
FINAL_UNCERTAIN = "、不確定 {n:,}（重啟時正在發送，為避免重複未再補發）"
COURSES_TITLE = "<b>近期課程公告</b>"
COURSES_NONE = "目前沒有近期的課程公告。"
SUBSCRIBE_TITLE = "點選要接收的公告類別（再點一次取消）："
SUBSCRIBE_GENERAL = "一般公告"
TOPIC_GONE = "「{topic}」這個類別已經停用了，你的其他訂閱不受影響。"
UNSUBSCRIBE_OK = "已取消所有公告訂閱。想再收到公告，請輸入 /subscribe。"
ANNOUNCEMENTS_TITLE = "<b>公告紀錄</b>"
ANNOUNCEMENTS_NONE = "還沒有任何公告。"
ANNOUNCE_STEPS = {
    "title": "請輸入課程公告的<b>標題</b>：",
    "starts_at": "課程<b>日期與時間</b>？例如 2024-03-22 09:00 或 113/03/22 09:00（/skip 略過）",
    "place": "<b>地點</b>？（/skip 略過）",
    "organiser": "<b>主辦單位</b>？（/skip 略過）",
    "audience": "要發給<b>誰</b>？",
    "hours": "可認證的<b>時數</b>？例如 3 或 1.5（/skip 略過）",
    "categories": "<b>類別</b>？例如 環境教育、數位（用頓號分隔；/skip 略過）",
    "link": "<b>報名網址</b>？（/skip 略過）",
    "deadline": "<b>報名截止</b>日期時間？（/skip 略過）",
    "body": "最後，請輸入公告<b>內文</b>：",
}
ANNOUNCE_REQUIRED = ("title", "body")
ANNOUNCE_FIELD_NAMES = {
    "title": "標題", "starts_at": "時間", "place": "地點", "organiser": "主辦", "audience": "對象",
    "hours": "時數", "categories": "類別", "link": "報名網址", "deadline": "報名截止", "body": "內文",
}
ANNOUNCE_AUDIENCE_ALL = "所有訂閱者"
ANNOUNCE_AUDIENCE_TOPIC = "訂閱「{t}」者"
ANNOUNCE_AUDIENCE_MISSING = "{c}時數不足者"
ANNOUNCE_NOT_SKIPPABLE = "這一項必填，請輸入內容。"
ANNOUNCE_BAD_VALUE = "格式不對：{reason}\n請再輸入一次，或 /skip 略過、/cancel 取消。"
ANNOUNCE_PREVIEW = "👀 <b>預覽</b>（同仁會看到下面這則訊息），發送對象：{audience}，約 {n:,} 人"
ANNOUNCE_SEND_NOW = "✅ 立即發送"
ANNOUNCE_SCHEDULE = "🕘 排程"
ANNOUNCE_EDIT = "✏️ 修改"
ANNOUNCE_CANCEL = "✖️ 取消"
ANNOUNCE_WHICH_FIELD = "要修改哪一項？"
ANNOUNCE_ASK_TIME = "要在什麼時候發送？例如 2024-03-20 08:00（臺北時間）"
ANNOUNCE_TIME_PAST = "這個時間已經過了，請輸入未來的時間。"
ANNOUNCE_QUEUED = "已排入發送（第 {id} 號公告）；幾秒內開始，進度會在這裡更新。"
ANNOUNCE_SCHEDULED = "已排程（第 {id} 號公告）：{at} 發送。機器人重啟也會照常發送。"
ANNOUNCE_CANCELLED = "已取消，這則公告不會發送。"
ANNOUNCE_AUTHOR_REVOKED = "第 {id} 號公告沒有發送：撰寫者已不是人事管理員。如仍需發送，請由現任人事人員重新建立。"
ANNOUNCE_TIMEOUT = "公告編輯太久沒有動作，已自動取消。"
FINAL_CANCELLED = "、已取消未送 {n:,}"

# --- cancel, correct, withdraw -------------------------------------------------------------
MANAGE_BUTTON = "⚙️ #{id}"
MANAGE_HINT = "點下方編號可取消、更正或撤回該則公告。"
MANAGE_TITLE = "<b>#{id} {title}</b>（{status}）"
MANAGE_ACTIONS_NONE = "這則公告已撤回，沒有可以再做的動作。"
MANAGE_CANCEL = "⏹ 取消發送"
MANAGE_CORRECT = "✏️ 更正"
MANAGE_WITHDRAW = "🗑 撤回"
MANAGE_CONFIRM_CANCEL = "確定取消第 {id} 號公告「{title}」尚未送出的部分？已送達的不受影響。"
MANAGE_CONFIRM_WITHDRAW = (
    "確定撤回第 {id} 號公告「{title}」？尚未送出的不再發送，已送達且未滿 48 小時的訊息會被刪除"
    "（Telegram 不允許刪除超過 48 小時的訊息）。"
)
MANAGE_YES = "✅ 確定"
MANAGE_NO = "↩️ 不要"
MANAGE_KEPT = "好的，沒有變更。"
MANAGE_CORRECT_FIELD = "要更正第 {id} 號公告的哪一項？（對象不能更正）"
MANAGE_CORRECT_ASK = "請輸入新的{field}（/cancel 放棄更正）："
MANAGE_CORRECT_PREVIEW = "👀 更正後同仁會看到下面這則訊息；已送達的 {n:,} 則會逐一改成這樣。"
MANAGE_CORRECT_CONFIRM = "✅ 確定更正"
CANCEL_OK = "已取消第 {id} 號公告：尚未送出的不再發送。"
CORRECT_OK = "已更正第 {id} 號公告：之後的發送使用新內容，已送達的訊息會在幾秒內開始逐一修改，完成後通知你。"
WITHDRAW_OK = "已撤回第 {id} 號公告：尚未送出的不再發送，已送達的訊息會在幾秒內開始刪除，完成後通知你。"
AMEND_REFUSED = {
    "missing": "找不到第 {id} 號公告。",
    "withdrawn": "第 {id} 號公告已經撤回了，不能再變更。",
    "withdrawing": "第 {id} 號公告正在撤回中，不能再變更。",
    "done": "第 {id} 號公告已經全部發送完畢，無法取消；要收回請用撤回。",
    "cancelled": "第 {id} 號公告已經取消了。",
    "audience": "更正不能改變發送對象；請撤回後重新發送一則新公告。",
}
CORRECT_DONE = "✏️ 「{title}」更正完成：已修改 {edited:,} 則訊息，無法修改 {failed:,} 則。"
WITHDRAW_DONE = (
    "🗑 「{title}」撤回完成：已刪除 {deleted:,} 則訊息，無法刪除 {kept:,} 則"
    "（超過 48 小時、對方已封鎖或發送狀態不確定）。"
)
STATUS_NAMES = {
    "queued": "待發送", "scheduled": "已排程", "sending": "發送中", "done": "已發送",
    "cancelled": "已取消", "withdrawing": "撤回中", "withdrawn": "已撤回",
}
ACTION_NAMES = {
    "announce": "建立", "announce-cancel": "取消", "announce-correct": "更正",
    "announce-corrected": "更正完成", "announce-withdraw": "撤回", "announce-withdrawn": "撤回完成",
}

# --- completion report ---------------------------------------------------------------------
PROGRESS_TITLE = "<b>{roc}年（{year}）學習時數達成情形</b>　依據：{label}"
PROGRESS_HEAD = "機關"
PROGRESS_PEOPLE = "人數"
PROGRESS_ALL = "全部達成"
PROGRESS_REMINDED = "今年已提醒 {reminded:,} 人，其中 {caught_up:,} 人已補足。"
PROGRESS_SHORT = "<b>{category}未達標</b>（{n:,} 人）：{names}"
PROGRESS_MORE = "…等 {n:,} 人，完整名單見 Excel 檔"
PROGRESS_UNKNOWN_UNIT = "找不到機關「{unit}」。目前有：{units}"
PROGRESS_NO_DATA = "{year} 年沒有任何時數資料，請先匯入時數。"
PROGRESS_NO_PEOPLE = "還沒有員工資料，請先匯入名冊或時數。"
PROGRESS_BAD_ARGS = "用法：/progress [年度] [機關]，例如 /progress 113 或 /progress 2024 人事處"
PROGRESS_CHART_CAPTION = "各機關各類別達成率"
PROGRESS_NO_FONT = "（找不到中文字型，這次不附圖表；安裝 fonts-noto-cjk 或 mplfonts 後即可。）"
PROGRESS_FILE = "學習時數達成_{year}.xlsx"
PROGRESS_TARGET = "📢 通知{category}未達標者（{n:,} 人）"
PROGRESS_TARGET_NOTE = "下方按鈕可對今年各類別未達標的同仁（已綁定者）撰寫公告，發送前會先預覽。"
PROGRESS_CHART_AXIS = "達成率（%）"
XLSX_SUMMARY = "總覽"
XLSX_SUMMARY_HEAD = ("機關", "人數", "全部達成", "全部達成率")
XLSX_MET = "{category}達成人數"
XLSX_SHARE = "{category}達成率"
XLSX_PERSON_HEAD = ("員工編號", "姓名")
XLSX_DONE = "{category}已完成"
XLSX_MISSING = "{category}尚缺"
XLSX_COMPLETE = "全部達成"
XLSX_YES = "是"
XLSX_NO = "否"

# --- learning from use (/suggest) ----------------------------------------------------------
SUGGEST_TITLE = "<b>建議的新問法</b>（共 {count} 則，依人數排序）\n核准後寫入該題的其他問法，機器人立即套用。"
SUGGEST_NONE = "目前沒有待審的建議問法。"
SUGGEST_ITEM = "<b>#{id}</b>「{text}」\n→ {entry}（{question}）\n{users} 人採用，{against} 人按 👎"
SUGGEST_WORKING = "檢查中，請稍候…"
SUGGEST_APPROVE = "✅ 核准 #{id}"
SUGGEST_REJECT = "❌ 退回 #{id}"
FLAG_ANSWERS = "⚠️ 目前會回答成另一題：{other}"
FLAG_CLARIFIES = "⚠️ 目前會先列出另一題：{other}"
FLAG_CLOSE = "⚠️ 與另一題的問法「{phrasing}」幾乎相同：{other}"
FLAG_BREAKS = "⚠️ 加入後「{phrasing}」將不再回答 {other}"
VERDICT_APPROVED = "已核准 #{id}：「{text}」已加入 {entry} 的其他問法，並已重新載入知識庫。"
VERDICT_REJECTED = "已退回 #{id}：「{text}」不會加入知識庫。"
VERDICT_MISSING = "找不到待審的第 {id} 則建議（可能已經處理過）。"
VERDICT_REFUSED = "未核准 #{id}：加入後會讓其他題目變得模稜兩可，知識庫沒有變動。\n{flags}"
VERDICT_FAILED = "未核准 #{id}：寫入後知識庫檢查未通過，已還原檔案，知識庫沒有變動。"

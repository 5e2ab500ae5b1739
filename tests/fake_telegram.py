"""A fake Telegram Bot API server on 127.0.0.1, for end-to-end tests and benchmarks.

It speaks real HTTP (tornado, already a dependency through python-telegram-bot's webhooks
extra), parses form-encoded and multipart bodies as PTB sends them, implements getUpdates long
polling with offsets and timeouts honestly, records every call, and can be told to fail: a 429
with retry_after, a 5xx, or a reply slower than the client's timeout.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import tornado.httpserver
import tornado.iostream
import tornado.netutil
import tornado.web

BOT_ID = 7_000_000_001
BOT_USERNAME = "trainhelper_bot"
TOKEN = "7000000001:AAFakeTokenForTestsOnly_abcdefghij"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class Fault:
    status: int = 0  # HTTP status to answer with (429, 500, 502 …); 0 = none
    retry_after: int = 0
    delay: float = 0.0  # seconds to wait before answering (a timeout when over the client's)


@dataclass
class FakeTelegram:
    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    available_at: dict[int, float] = field(default_factory=dict)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    confirmed_offset: int = 0
    port: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    chat_faults: dict[int, Fault] = field(default_factory=dict)  # every call to that chat fails
    # What each chat shows now, (chat id, message id) -> text: sends add, edits change,
    # deletions remove, so tests can check what a user finally sees.
    messages: dict[tuple[int, int], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._news = asyncio.Event()
        self._closing = False
        self._server: tornado.httpserver.HTTPServer | None = None

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        app = tornado.web.Application([
            (r"/bot([^/]+)/(\w+)", _Handler, {"fake": self}),
            (r"/file/bot([^/]+)/files/(\w+)", _FileHandler, {"fake": self}),
        ])
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.add_sockets(sockets)

    async def stop(self) -> None:
        self._closing = True
        self._news.set()  # release any long poll still waiting
        await asyncio.sleep(0.05)
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- scripting ---------------------------------------------------------------------------
    def fail(self, method: str, *faults: Fault) -> None:
        """The next calls of `method` get these faults, in order."""
        self.faults.setdefault(method, []).extend(faults)

    def push(self, payload: dict[str, Any]) -> int:
        """Make an update available to getUpdates; returns its update_id."""
        update_id = next(self._update_ids)
        self.updates.append({"update_id": update_id, **payload})
        self.available_at[update_id] = time.perf_counter()
        self._news.set()
        return update_id

    def push_text(
        self,
        text: str,
        user_id: int = 42,
        chat_id: int | None = None,
        chat_type: str = "private",
        entities: list[dict[str, Any]] | None = None,
        reply_to_bot: bool = False,
    ) -> int:
        chat_id = chat_id if chat_id is not None else user_id
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type, **({"title": "同仁群組"} if chat_type != "private" else {"first_name": "同仁"})},
            "from": {"id": user_id, "is_bot": False, "first_name": "同仁"},
            "text": text,
        }
        if text.startswith("/") and entities is None:
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if entities:
            message["entities"] = entities
        if reply_to_bot:
            message["reply_to_message"] = {
                "message_id": 1, "date": int(time.time()), "chat": message["chat"],
                "from": self.me(), "text": "之前的回答",
            }
        return self.push({"message": message})

    def push_message(self, user_id: int = 42, chat_type: str = "private", **content: Any) -> int:
        """A non-text message (sticker, photo, document …)."""
        chat: dict[str, Any] = {"id": user_id, "type": chat_type}
        return self.push({"message": {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "同仁"}, **content}})

    def push_document(self, name: str, content: bytes, user_id: int = 42,
                      caption: str | None = None) -> int:
        file_id = f"doc{next(self._message_ids)}"
        self.files[file_id] = content
        extra = {"caption": caption} if caption else {}
        return self.push_message(user_id=user_id, document={
            "file_id": file_id, "file_unique_id": file_id, "file_name": name,
            "file_size": len(content)}, **extra)

    def push_callback(self, data: str, message: dict[str, Any], user_id: int = 42) -> int:
        return self.push({"callback_query": {
            "id": str(next(self._message_ids)), "chat_instance": "ci",
            "from": {"id": user_id, "is_bot": False, "first_name": "同仁"},
            "message": message, "data": data}})

    # --- inspection --------------------------------------------------------------------------
    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method
                and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0,
                       chat_id: int | None = None) -> list[Call]:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            found = self.sent(method, chat_id)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.01)
        raise AssertionError(f"only {len(self.sent(method, chat_id))} {method} calls, wanted {count}")

    def me(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "訓練進修小幫手",
                "username": BOT_USERNAME, "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False}

    # --- the API -------------------------------------------------------------------------------
    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        if offset:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.perf_counter() + timeout
        while not self.updates and time.perf_counter() < deadline and not self._closing:
            self._news.clear()
            try:
                await asyncio.wait_for(self._news.wait(), deadline - time.perf_counter())
            except TimeoutError:
                break
        return self.updates[:limit]

    def message_result(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0))
        result: dict[str, Any] = {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": self.me(),
            "text": params.get("text", ""),
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:  # only these come back
            result["reply_markup"] = markup
        return result

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return self.me()
        if method == "getUpdates":
            return await self.get_updates(params)
        if method in ("sendMessage", "sendDocument", "sendPhoto"):
            result = self.message_result(params)
            self.messages[(result["chat"]["id"], result["message_id"])] = result["text"]
            if method != "sendMessage":  # a file's name and size, as Telegram describes it
                upload = params.get("document") or params.get("photo")
                if isinstance(upload, dict):
                    key = "document" if method == "sendDocument" else "photo"
                    described = {"file_id": f"f{result['message_id']}", "file_unique_id": "u",
                                 "file_size": len(upload["body"])}
                    if key == "document":
                        result[key] = {**described, "file_name": upload["filename"]}
                    else:
                        result[key] = [{**described, "width": 800, "height": 600}]
            return result
        if method == "editMessageText":
            key = (int(params.get("chat_id", 0)), int(params.get("message_id") or 0))
            if key not in self.messages:
                raise _ApiError(400, "Bad Request: message to edit not found")
            if self.messages[key] == params.get("text", ""):
                raise _ApiError(400, "Bad Request: message is not modified: specified new "
                                     "message content and reply markup are exactly the same")
            self.messages[key] = params.get("text", "")
            return self.message_result(params)
        if method == "deleteMessage":
            key = (int(params.get("chat_id", 0)), int(params.get("message_id") or 0))
            if self.messages.pop(key, None) is None:
                raise _ApiError(400, "Bad Request: message to delete not found")
            return True
        if method == "getFile":
            file_id = str(params.get("file_id"))
            return {"file_id": file_id, "file_unique_id": file_id,
                    "file_size": len(self.files.get(file_id, b"")), "file_path": f"files/{file_id}"}
        if method == "getMyCommands":
            return []
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self.updates)}
        return True  # answerCallbackQuery, setMyCommands, deleteWebhook, sendChatAction …


class _ApiError(Exception):
    """The fake answers this call with an error, as Telegram would."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


class _FileHandler(tornado.web.RequestHandler):
    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    def get(self, token: str, file_id: str) -> None:
        if token != self.fake.token or file_id not in self.fake.files:
            self.set_status(404)
            return
        self.finish(self.fake.files[file_id])


class _Handler(tornado.web.RequestHandler):
    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    async def post(self, token: str, method: str) -> None:
        await self._serve(token, method)

    async def get(self, token: str, method: str) -> None:
        await self._serve(token, method)

    def _params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and self.request.body:
            params.update(json.loads(self.request.body))
        for key, values in self.request.body_arguments.items():
            params[key] = values[-1].decode()
        for key, values in self.request.query_arguments.items():
            params.setdefault(key, values[-1].decode())
        for key, files in self.request.files.items():
            params[key] = {"filename": files[0].filename, "body": files[0].body}
        for key in ("reply_markup", "commands", "scope", "allowed_updates"):
            if isinstance(params.get(key), str):
                try:
                    params[key] = json.loads(params[key])
                except json.JSONDecodeError:
                    pass
        return params

    async def _serve(self, token: str, method: str) -> None:
        fake = self.fake
        if token != fake.token:
            self.set_status(401)
            self.finish({"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        params = self._params()
        fake.calls.append(Call(method, params, time.perf_counter()))
        pending = fake.faults.get(method)
        chat_fault = (fake.chat_faults.get(int(params.get("chat_id") or 0))
                      if method in ("sendMessage", "editMessageText", "deleteMessage") else None)
        if pending or chat_fault:
            fault = chat_fault or pending.pop(0)
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status:
                self.set_status(fault.status)
                description = {403: "Forbidden: bot was blocked by the user"}.get(
                    fault.status, f"Fake failure {fault.status}")
                body: dict[str, Any] = {"ok": False, "error_code": fault.status,
                                        "description": description}
                if fault.retry_after:
                    body["description"] = f"Too Many Requests: retry after {fault.retry_after}"
                    body["parameters"] = {"retry_after": fault.retry_after}
                self.finish(body)
                return
        try:
            result = await fake.call(method, params)
        except _ApiError as exc:
            self.set_status(exc.status)
            self.finish({"ok": False, "error_code": exc.status, "description": exc.description})
            return
        try:
            self.finish({"ok": True, "result": result})
        except tornado.iostream.StreamClosedError:
            pass  # the client gave up (a timeout test, or shutdown): nothing to deliver

import type { TemplateKey, TemplateText } from '../template-keys.js';

export const ja: Record<TemplateKey, TemplateText> = {
  order_confirmation: {
    subject: 'チケットのご案内：{{ event.title }}',
    body: `{{ attendee.lastName }} {{ attendee.firstName }} 様

「{{ event.title }}」のチケットが確定しました。

日時：{{ event.when }}
{% if event.venue %}会場：{{ event.venue }}
{% endif %}{% if join.url %}参加リンク：{{ join.url }}
{% if join.passcode %}パスコード：{{ join.passcode }}
{% endif %}{% endif %}
チケット：{{ ticket.url }}
カレンダーに追加：{{ ticket.calendarUrl }}
{% if tickets.size > 1 %}
ご注文のチケット：
{% for t in tickets %}・{{ t.name }}：{{ t.url }}
{% endfor %}{% endif %}{% if order.total %}
合計：{{ order.total }}
{% endif %}
{{ organization.name }}`,
  },
  join_link: {
    subject: '参加リンクのご案内：{{ event.title }}',
    body: `{{ attendee.lastName }} {{ attendee.firstName }} 様

「{{ event.title }}」（{{ event.when }}）へのあなた専用の参加リンクです。

{{ join.url }}
{% if join.passcode %}パスコード：{{ join.passcode }}
{% endif %}
このリンクはあなたに登録されていますので、他の方と共有しないでください。

チケット：{{ ticket.url }}

{{ organization.name }}`,
  },
  companion_join_link: {
    subject: '{{ buyer.lastName }} {{ buyer.firstName }} 様からのご招待：{{ event.title }}',
    body: `{{ attendee.lastName }} {{ attendee.firstName }} 様

{{ buyer.lastName }} {{ buyer.firstName }} 様が「{{ event.title }}」（{{ event.when }}）のチケットをご用意しました。

あなた専用の参加リンク：
{{ join.url }}
{% if join.passcode %}パスコード：{{ join.passcode }}
{% endif %}
このリンクはあなたに登録されていますので、他の方と共有しないでください。

チケット：{{ ticket.url }}

{{ organization.name }}`,
  },
  event_changed: {
    subject: '変更のお知らせ：{{ event.title }}',
    body: `{{ attendee.lastName }} {{ attendee.firstName }} 様

「{{ event.title }}」の内容が変更されました。

新しい日時：{{ event.when }}
{% if previous.title and previous.title != event.title %}旧タイトル：{{ previous.title }}
{% endif %}{% if join.url %}参加リンク：{{ join.url }}
{% endif %}
添付のカレンダーファイルは以前のものを置き換えます。
チケット：{{ ticket.url }}

{{ organization.name }}`,
  },
  event_cancelled: {
    subject: '中止のお知らせ：{{ event.title }}',
    body: `{{ attendee.lastName }} {{ attendee.firstName }} 様

誠に申し訳ございませんが、「{{ event.title }}」（{{ event.when }}）は中止となりました。
{% if reason %}
理由：{{ reason }}
{% endif %}{% if refunded %}
お支払い済みの代金は返金いたします。
{% endif %}
{{ organization.name }}`,
  },
  attendee_rejected: {
    subject: '「{{ event.title }}」のご注文を承れませんでした',
    body: `{{ buyer.lastName }} {{ buyer.firstName }} 様

「{{ event.title }}」のご注文を承ることができませんでした。チケットは無効です。
{% if reason %}
理由：{{ reason }}
{% endif %}
お心当たりのない場合は、このメールにご返信ください。

{{ organization.name }}`,
  },
  refund_issued: {
    subject: '返金のお知らせ：{{ event.title }}',
    body: `{{ buyer.lastName }} {{ buyer.firstName }} 様

「{{ event.title }}」のご注文について {{ refund.amount }} を返金しました。
{% if order.status == "partially_refunded" %}チケットは引き続き有効です。{% else %}チケットは無効になりました。{% endif %}

{{ organization.name }}`,
  },
  reminder: {
    subject: 'まもなく開始：{{ event.title }}',
    body: `{{ attendee.lastName }} {{ attendee.firstName }} 様

「{{ event.title }}」は {{ session.when }} に開始します。
{% if join.url %}
参加リンク：{{ join.url }}
{% if join.passcode %}パスコード：{{ join.passcode }}
{% endif %}{% endif %}{% if event.venue %}会場：{{ event.venue }}
{% endif %}
チケット：{{ ticket.url }}

{{ organization.name }}`,
  },
};

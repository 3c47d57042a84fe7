import type { TemplateKey, TemplateText } from '../template-keys.js';

export const ko: Record<TemplateKey, TemplateText> = {
  order_confirmation: {
    subject: '티켓 안내: {{ event.title }}',
    body: `{{ attendee.lastName }}{{ attendee.firstName }} 님, 안녕하세요.

{{ event.title }} 티켓이 확정되었습니다.

일시: {{ event.when }}
{% if event.venue %}장소: {{ event.venue }}
{% endif %}{% if join.url %}참가 링크: {{ join.url }}
{% if join.passcode %}암호: {{ join.passcode }}
{% endif %}{% endif %}
내 티켓: {{ ticket.url }}
캘린더에 추가: {{ ticket.calendarUrl }}
{% if tickets.size > 1 %}
주문하신 티켓:
{% for t in tickets %}- {{ t.name }}: {{ t.url }}
{% endfor %}{% endif %}{% if order.total %}
합계: {{ order.total }}
{% endif %}
{{ organization.name }}`,
  },
  join_link: {
    subject: '참가 링크 안내: {{ event.title }}',
    body: `{{ attendee.lastName }}{{ attendee.firstName }} 님, 안녕하세요.

{{ event.title }}({{ event.when }})에 참가하실 수 있는 개인 링크입니다.

{{ join.url }}
{% if join.passcode %}암호: {{ join.passcode }}
{% endif %}
이 링크는 회원님 명의로 등록되어 있으니 다른 사람과 공유하지 마세요.

내 티켓: {{ ticket.url }}

{{ organization.name }}`,
  },
  companion_join_link: {
    subject: '{{ buyer.lastName }}{{ buyer.firstName }} 님의 초대: {{ event.title }}',
    body: `{{ attendee.lastName }}{{ attendee.firstName }} 님, 안녕하세요.

{{ buyer.lastName }}{{ buyer.firstName }} 님이 {{ event.title }}({{ event.when }}) 티켓을 준비해 주셨습니다.

개인 참가 링크:
{{ join.url }}
{% if join.passcode %}암호: {{ join.passcode }}
{% endif %}
이 링크는 회원님 명의로 등록되어 있으니 다른 사람과 공유하지 마세요.

내 티켓: {{ ticket.url }}

{{ organization.name }}`,
  },
  event_changed: {
    subject: '변경 안내: {{ event.title }}',
    body: `{{ attendee.lastName }}{{ attendee.firstName }} 님, 안녕하세요.

{{ event.title }}의 내용이 변경되었습니다.

변경된 일시: {{ event.when }}
{% if previous.title and previous.title != event.title %}이전 제목: {{ previous.title }}
{% endif %}{% if join.url %}참가 링크: {{ join.url }}
{% endif %}
첨부된 캘린더 파일이 이전 파일을 대체합니다.
내 티켓: {{ ticket.url }}

{{ organization.name }}`,
  },
  event_cancelled: {
    subject: '취소 안내: {{ event.title }}',
    body: `{{ attendee.lastName }}{{ attendee.firstName }} 님, 안녕하세요.

죄송합니다. {{ event.title }}({{ event.when }})이(가) 취소되었습니다.
{% if reason %}
사유: {{ reason }}
{% endif %}{% if refunded %}
결제하신 금액은 환불됩니다.
{% endif %}
{{ organization.name }}`,
  },
  attendee_rejected: {
    subject: '{{ event.title }} 주문이 승인되지 않았습니다',
    body: `{{ buyer.lastName }}{{ buyer.firstName }} 님, 안녕하세요.

{{ event.title }} 주문을 승인할 수 없어 티켓이 유효하지 않습니다.
{% if reason %}
사유: {{ reason }}
{% endif %}
착오라고 생각되시면 이 메일에 회신해 주세요.

{{ organization.name }}`,
  },
  refund_issued: {
    subject: '환불 안내: {{ event.title }}',
    body: `{{ buyer.lastName }}{{ buyer.firstName }} 님, 안녕하세요.

{{ event.title }} 주문에 대해 {{ refund.amount }}을(를) 환불해 드렸습니다.
{% if order.status == "partially_refunded" %}티켓은 계속 유효합니다.{% else %}티켓은 더 이상 유효하지 않습니다.{% endif %}

{{ organization.name }}`,
  },
  reminder: {
    subject: '곧 시작합니다: {{ event.title }}',
    body: `{{ attendee.lastName }}{{ attendee.firstName }} 님, 안녕하세요.

{{ event.title }}이(가) {{ session.when }}에 시작합니다.
{% if join.url %}
참가 링크: {{ join.url }}
{% if join.passcode %}암호: {{ join.passcode }}
{% endif %}{% endif %}{% if event.venue %}장소: {{ event.venue }}
{% endif %}
내 티켓: {{ ticket.url }}

{{ organization.name }}`,
  },
};

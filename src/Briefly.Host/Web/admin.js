// The admin page: draws each brief's Teams cards and Slack messages (platforms.js) from the JSON the server put in
// data-messages, and, while a delivery on the channels page is on its way, brings the table up to date every few
// seconds (the page fetched again and its table swapped in, so nothing the operator is looking at jumps).
"use strict";

for (const box of document.querySelectorAll(".brief .teams[data-messages]")) {
  for (const card of JSON.parse(box.dataset.messages)) box.appendChild(teamsCard(card, box.dataset.text));
}
for (const box of document.querySelectorAll(".brief .slack[data-messages]")) {
  for (const message of JSON.parse(box.dataset.messages)) box.appendChild(slackMessage(message));
}

const underway = "tr[data-stage=pending], tr[data-stage=sending], tr[data-stage=deferred]";

async function refresh() {
  try {
    const response = await fetch(location.href, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const selector of ["table.channels tbody", ".totals"]) {
      const now = document.querySelector(selector);
      const next = fresh.querySelector(selector);
      if (now && next) now.replaceWith(document.adoptNode(next));
    }
  } finally {
    if (document.querySelector(underway)) setTimeout(refresh, 3000);
  }
}

if (document.querySelector(underway)) setTimeout(refresh, 3000);

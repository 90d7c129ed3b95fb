// The admin page: draws each brief's Teams cards and Slack messages (platforms.js) from the JSON the server put in
// data-messages, and, while a delivery on the channels page is still on its way, reloads it every few seconds.
"use strict";

for (const box of document.querySelectorAll(".brief .teams[data-messages]")) {
  for (const card of JSON.parse(box.dataset.messages)) box.appendChild(teamsCard(card, box.dataset.text));
}
for (const box of document.querySelectorAll(".brief .slack[data-messages]")) {
  for (const message of JSON.parse(box.dataset.messages)) box.appendChild(slackMessage(message));
}

const underway = document.querySelector("tr[data-stage=pending], tr[data-stage=sending], tr[data-stage=deferred]");
if (underway) setTimeout(() => location.reload(), 3000);

// The try-it page: what the person types (or a button's words) goes to /try/messages; Briefly's answers come back from
// the same address, each as the Teams cards and the Slack messages the bot would send, drawn side by side (platforms.js).
"use strict";

const log = document.getElementById("log");
const input = document.getElementById("text");
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
let after = 0;

async function say(text) {
  text = text.trim();
  if (!text) return;
  const mine = document.createElement("div");
  mine.className = "mine";
  const bubble = document.createElement("span");
  bubble.textContent = text;
  mine.appendChild(bubble);
  log.appendChild(mine);
  mine.scrollIntoView({ block: "end" });
  await fetch("/try/messages", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text, timeZone: zone }),
  });
}

async function poll() {
  try {
    const response = await fetch("/try/messages?after=" + after);
    if (response.ok) {
      for (const answer of await response.json()) {
        after = answer.id;
        show(answer);
      }
    }
  } finally {
    setTimeout(poll, 600);
  }
}

function show(answer) {
  const row = document.createElement("div");
  row.className = "columns answer";
  const teams = document.createElement("div");
  teams.className = "teams";
  for (const card of answer.teams) teams.appendChild(teamsCard(card, answer.text, say));
  const slack = document.createElement("div");
  slack.className = "slack";
  for (const message of answer.slack) slack.appendChild(slackMessage(message, say));
  row.append(teams, slack);
  log.appendChild(row);
  row.scrollIntoView({ block: "end" });
}

document.getElementById("say").addEventListener("submit", (event) => {
  event.preventDefault();
  const words = input.value;
  input.value = "";
  say(words);
});
for (const example of document.querySelectorAll(".example")) example.addEventListener("click", () => say(example.textContent));
poll();

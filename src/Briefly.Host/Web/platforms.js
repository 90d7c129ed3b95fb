// How Briefly's messages look on each platform, for the host's pages (try-it, admin): a Teams card drawn by the official
// Adaptive Cards renderer, a Slack message drawn from its blocks. A button that sends words back to the bot calls
// onCommand with them; without onCommand (a preview) it does nothing.
"use strict";

// ---- Teams: the official renderer (npm adaptivecards) ------------------------------

function teamsCard(json, fallback, onCommand) {
  const box = document.createElement("div");
  box.className = "card";
  if (!window.AdaptiveCards) {
    box.classList.add("unrendered");
    box.textContent = fallback + "\n\n(The Adaptive Cards renderer is not installed: run npm ci in src/Briefly.Host/Web, then build.)";
    return box;
  }
  const card = new AdaptiveCards.AdaptiveCard();
  card.onExecuteAction = (action) => {
    if (action instanceof AdaptiveCards.OpenUrlAction) {
      window.open(action.url, "_blank", "noopener");
      return;
    }
    const data = action.data || {};
    if (typeof data.command === "string" && onCommand) onCommand(data.command);
  };
  card.parse(json);
  box.appendChild(card.render());
  return box;
}

// ---- Slack: Block Kit drawn as Slack lays it out, mrkdwn turned into text nodes (never HTML) -------------------------

function slackMessage(message, onCommand) {
  const box = document.createElement("div");
  box.className = "message";
  for (const block of message.blocks || []) {
    const element = slackBlock(block, onCommand);
    if (element) box.appendChild(element);
  }
  return box;
}

function slackBlock(block, onCommand) {
  switch (block.type) {
    case "header":
      return withClass("div", "header", plain(block.text));
    case "divider":
      return document.createElement("hr");
    case "context": {
      const context = withClass("div", "context");
      for (const element of block.elements || []) context.appendChild(text(element));
      return context;
    }
    case "actions": {
      const actions = withClass("div", "actions");
      for (const element of block.elements || []) actions.appendChild(slackButton(element, onCommand));
      return actions;
    }
    case "section": {
      const section = withClass("div", "section");
      const body = withClass("div", "text");
      if (block.text) body.appendChild(text(block.text));
      if (block.fields) {
        const fields = withClass("div", "fields");
        for (const field of block.fields) fields.appendChild(withClass("div", "field", text(field)));
        body.appendChild(fields);
      }
      section.appendChild(body);
      if (block.accessory && block.accessory.type === "button") section.appendChild(slackButton(block.accessory, onCommand));
      return section;
    }
    default:
      return null;
  }
}

function slackButton(button, onCommand) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = button.text.text;
  if (button.style) element.classList.add(button.style);
  element.addEventListener("click", () => {
    if (button.url) window.open(button.url, "_blank", "noopener");
    else if (button.value && onCommand) onCommand(button.value);
  });
  return element;
}

function withClass(tag, className, child) {
  const element = document.createElement(tag);
  element.className = className;
  if (child) element.appendChild(child);
  return element;
}

function plain(object) {
  return document.createTextNode(object.text);
}

function text(object) {
  return object.type === "mrkdwn" ? mrkdwn(object.text) : plain(object);
}

// The emoji Briefly's messages use, as Slack shows their :codes:.
const emoji = {
  bell: "\u{1F514}", calendar: "\u{1F4C6}", checkered_flag: "\u{1F3C1}", date: "\u{1F4C5}", link: "\u{1F517}", mag: "\u{1F50D}",
  newspaper: "\u{1F4F0}", no_bell: "\u{1F515}", no_entry: "\u26D4", speech_balloon: "\u{1F4AC}", thinking_face: "\u{1F914}",
  warning: "\u26A0\uFE0F", wave: "\u{1F44B}", white_check_mark: "\u2705",
};

// Slack mrkdwn: a line starting with ">" is a quote; <url|label> links, <#C…> channels, <@U…> people, *bold*, _italic_,
// `code`, :emoji:; &amp; &lt; &gt; escapes.
function mrkdwn(source) {
  const fragment = document.createDocumentFragment();
  source.split("\n").forEach((line, index) => {
    if (index > 0) fragment.appendChild(document.createTextNode("\n"));
    if (line.startsWith(">")) fragment.appendChild(withClass("span", "quote", inline(line.slice(1))));
    else fragment.appendChild(inline(line));
  });
  return fragment;
}

function inline(source) {
  const fragment = document.createDocumentFragment();
  source = source.replace(/:([a-z_]+):/g, (code, name) => emoji[name] || code);
  const token = /<([^<>|]+)(?:\|([^<>]*))?>/g;
  let at = 0;
  for (const match of source.matchAll(token)) {
    styled(fragment, source.slice(at, match.index));
    const target = match[1];
    if (target.startsWith("#")) fragment.appendChild(withClass("span", "channel", document.createTextNode("#" + (match[2] || target.slice(1)))));
    else if (target.startsWith("@")) fragment.appendChild(withClass("span", "person", document.createTextNode("@" + (match[2] || target.slice(1)))));
    else if (/^https?:/.test(target)) {
      const link = document.createElement("a");
      link.href = target;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = unescape(match[2] || target);
      fragment.appendChild(link);
    } else styled(fragment, match[0]);
    at = match.index + match[0].length;
  }
  styled(fragment, source.slice(at));
  return fragment;
}

function styled(fragment, source) {
  const marks = /\*([^*\n]+)\*|(?<![\w])_([^_\n]+)_(?![\w])|`([^`\n]+)`/g;
  let at = 0;
  for (const match of source.matchAll(marks)) {
    fragment.appendChild(document.createTextNode(unescape(source.slice(at, match.index))));
    const [tag, inner] = match[1] !== undefined ? ["b", match[1]] : match[2] !== undefined ? ["i", match[2]] : ["code", match[3]];
    const element = document.createElement(tag);
    element.textContent = unescape(inner);
    fragment.appendChild(element);
    at = match.index + match[0].length;
  }
  fragment.appendChild(document.createTextNode(unescape(source.slice(at))));
}

function unescape(source) {
  return source.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/* The projects board: drag a card onto another stage's column to move the project.
   The move is posted with htmx; the server checks the stage's gate. A refusal (422,
   or 409 when the card is stale) shows the server's messages and the card stays
   where it was; a success puts the server's fresh card at the top of the column.
   Plain HTML5 drag and drop; each card also links to the move form (keyboard). */
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.htmx) {
    return;
  }
  var messages = document.getElementById("board-messages");
  var dragged = null;

  function columnOf(el) {
    return el && el.closest ? el.closest(".kanban-column") : null;
  }

  function cardById(id) {
    return id ? board.querySelector('.kanban-card[data-project="' + id + '"]') : null;
  }

  function bump(column, delta) {
    var badge = column && column.querySelector("[data-testid=count]");
    if (badge) {
      badge.textContent = String(Math.max(0, parseInt(badge.textContent, 10) + delta));
    }
  }

  function clearTargets() {
    board.querySelectorAll(".is-drop-target").forEach(function (c) {
      c.classList.remove("is-drop-target");
    });
  }

  function finished(card, column, xhr) {
    card.classList.remove("is-moving");
    card.removeAttribute("aria-busy");
    if (xhr.status === 200) {
      var from = columnOf(card);
      var holder = document.createElement("div");
      holder.innerHTML = xhr.responseText.trim();
      var fresh = holder.firstElementChild;
      column.querySelector(".kanban-cards").prepend(fresh);
      card.remove();
      bump(from, -1);
      bump(column, 1);
      messages.innerHTML =
        '<div class="alert alert-success" role="status" data-testid="move-done"></div>';
      messages.firstElementChild.textContent = board.dataset.movedText;
    } else if (xhr.responseText) {
      messages.innerHTML = xhr.responseText;
    } else {
      messages.innerHTML = '<div class="alert alert-danger" role="alert"></div>';
      messages.firstElementChild.textContent = board.dataset.failedText;
    }
  }

  function move(card, column) {
    card.classList.add("is-moving");
    card.setAttribute("aria-busy", "true");
    htmx.ajax("POST", card.dataset.moveUrl, {
      source: card,
      swap: "none",
      values: { stage: column.dataset.stage, version: card.dataset.version },
      handler: function (elt, info) {
        finished(card, column, info.xhr);
      },
    });
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".kanban-card[draggable=true]");
    if (!card) {
      return;
    }
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.project);
    card.classList.add("is-dragging");
  });

  board.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("is-dragging");
    }
    dragged = null;
    clearTargets();
  });

  board.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!column) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("is-drop-target");
  });

  board.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("is-drop-target");
    }
  });

  board.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!column) {
      return;
    }
    event.preventDefault();
    clearTargets();
    var card = dragged || cardById(event.dataTransfer && event.dataTransfer.getData("text/plain"));
    dragged = null;
    if (!card) {
      return;
    }
    card.classList.remove("is-dragging");
    if (columnOf(card) === column || card.classList.contains("is-moving")) {
      return;
    }
    move(card, column);
  });

  board.addEventListener("htmx:sendError", function (event) {
    var card = event.target.closest && event.target.closest(".kanban-card");
    if (card) {
      card.classList.remove("is-moving");
      card.removeAttribute("aria-busy");
    }
    messages.innerHTML = '<div class="alert alert-danger" role="alert"></div>';
    messages.firstElementChild.textContent = board.dataset.failedText;
  });
})();

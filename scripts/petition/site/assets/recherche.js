/* The site's search: the header's field on every page, the search page and « Ma commune » on the
 * home page. Reads the index under recherche/ (see petition/site/search.py) a small file at a time,
 * only when a reader types. Writes text only (never HTML), so nothing from the data can become
 * markup. Also offers `window.petitionRecherche` to the campaign page's search box. */
(function () {
  "use strict";

  var STOP = ["a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "sur",
    "sous"];
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre"];
  var WEAK = ["saint", "sainte"];
  var NBSP = "\u00a0";
  var collator = new Intl.Collator("fr");

  // French spacing, as typography.py gives the pages' own text: a narrow no-break space before
  // « ; : ! ? », no-break spaces inside « ».
  function fr(text) {
    return String(text).replace(/[ \u00a0\u202f]+([;:!?]+)(?=\s|$|[»)\].,])/g, "\u202f$1")
      .replace(/«[ \u00a0\u202f]*/g, "«\u00a0").replace(/[ \u00a0\u202f]*»/g, "\u00a0»");
  }

  // An element with its attributes and its text (French spacing): text, never HTML.
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = fr(text); }
    return node;
  }

  function frenchDate(iso) {
    var parts = iso.split("-");
    var day = parseInt(parts[2], 10);
    return (day === 1 ? "1er" : day) + NBSP + MONTHS[parseInt(parts[1], 10) - 1] + " " + parts[0];
  }

  // Shared with the campaign page's search box (petition.js), which runs after this script.
  window.petitionTexte = { fr: fr, el: el, frenchDate: frenchDate };

  var header = document.querySelector(".petition-entete-recherche");
  if (!header) { return; }
  var root = header.getAttribute("data-racine") || "./";
  var cache = {};

  // The same words as search.py's `words`: no accents, lower case, « st » read as « saint », an
  // ordinal « 13ème » as « 13e ».
  function words(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(Boolean).map(function (w) {
        var ordinal = /^(\d+)(?:e|eme|ieme|er|ere|re|nd|nde|d|de)$/.exec(w);
        return ordinal ? ordinal[1] + "e" : w === "st" ? "saint" : w === "ste" ? "sainte" : w;
      });
  }

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) { throw new Error(path + " : " + r.status); }
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function motionUrl(index, motion) {
    return root + "campagnes/" + index.campagnes[motion[0]][0] + "/" + motion[3] + "/";
  }

  // An index row: [type, code, nom, département, région, parents, codes postaux, motions, aussi].
  function body(row) {
    return { type: row[0], code: row[1], nom: row[2], dep: row[3], region: row[4],
      parents: row[5] ? row[5].split(" ") : [], cp: row[6], motions: row[7], aussi: row[8] || "",
      words: words(row[2] + " " + (row[8] || "")) };
  }

  function place(index, b) {
    var type = index.types[b.type] || b.type;
    if (b.dep && b.type !== "departement" && b.type !== "region") {
      return type + ", " + (index.departements[b.dep] || "") + " (" + b.dep + ")";
    }
    if (b.type === "departement") { return type + " (" + b.code + ")"; }
    return type;
  }

  var has = function (object, key) { return Object.prototype.hasOwnProperty.call(object, key); };

  // The file of the index a word is filed in (search.py's `file_of`), with its number of rows;
  // `partie` when the word is a beginning the index cuts further (only the names holding the word
  // itself are in its file: the reader types on).
  function fileOf(keys, word) {
    for (var n = word.length; n > 0; n--) {
      if (has(keys, word.slice(0, n))) { return { key: word.slice(0, n), rows: keys[word.slice(0, n)] }; }
    }
    var cut = Object.keys(keys).some(function (k) { return k.indexOf(word) === 0; });
    if (has(keys, word + "_")) { return { key: word + "_", rows: keys[word + "_"], partie: cut }; }
    return cut ? { key: null, partie: true } : null;
  }

  // The councils whose name holds every word of the query (each may be unfinished), or whose
  // postal or INSEE code starts with the query. Best matches first. `partie`: the answer may miss
  // names (the query is too short for the index).
  function findBodies(query) {
    var q = words(query);
    return load("recherche/index.json").then(function (index) {
      var none = { index: index, found: [] };
      if (!q.length) { return none; }
      var code = q.length === 1 && /^(?:\d{2}|2a|2b)\d{0,3}$/.test(q[0]);
      var file, partial = false;
      var meaningful = q.filter(function (w) { return STOP.indexOf(w) === -1; });
      if (!meaningful.length) { meaningful = q; }
      if (code) {
        var hit = fileOf(index.codes, q[0]);
        file = hit && hit.key ? "recherche/codes/" + hit.key + ".json" : null;
        partial = !!(hit && hit.partie);
      } else {
        var strong = meaningful.filter(function (w) { return WEAK.indexOf(w) === -1; });
        var hits = (strong.length ? strong : meaningful).map(function (w) {
          return fileOf(index.noms, w);
        });
        // A word no name begins with: nothing to read.
        if (hits.some(function (h) { return h === null; })) { return none; }
        // The smallest file that holds every answer (a word cut further only if nothing else).
        var usable = hits.filter(function (h) { return h.key; }).sort(function (a, b) {
          return (a.partie ? 1 : 0) - (b.partie ? 1 : 0) || a.rows - b.rows;
        });
        file = usable.length ? "recherche/noms/" + usable[0].key + ".json" : null;
        partial = !usable.length || !!usable[0].partie || !strong.length;
      }
      if (!file) { return { index: index, found: [], partie: partial }; }
      return load(file).then(function (rows) {
        var joined = meaningful.join(" ");
        var found = [];
        rows.forEach(function (row) {
          var b = body(row);
          var score;
          if (code) {
            var codes = b.cp ? b.cp.split(" ") : [];
            if (codes.indexOf(q[0]) !== -1) { score = 0; } else if (b.code.toLowerCase() === q[0]) {
              score = 1;
            } else if (codes.some(function (c) { return c.indexOf(q[0]) === 0; }) ||
                       b.code.toLowerCase().indexOf(q[0]) === 0) { score = 2; } else { return; }
            b.spread = codes.length;
          } else {
            var ok = meaningful.every(function (w) {
              return b.words.some(function (x) { return x.indexOf(w) === 0; });
            });
            if (!ok) { return; }
            score = 2;
            [b.nom, b.aussi].forEach(function (text) {
              var name = words(text).filter(function (w) { return STOP.indexOf(w) === -1; })
                .join(" ");
              if (!text) { return; }
              score = Math.min(score, name === joined ? 0 : name.indexOf(joined) === 0 ? 1 : 2);
            });
            b.spread = 0;
          }
          b.score = score;
          found.push({ b: b, score: score });
        });
        found.sort(function (x, y) {
          return x.score - y.score || x.b.spread - y.b.spread ||
            (y.b.motions.length ? 1 : 0) - (x.b.motions.length ? 1 : 0) ||
            collator.compare(x.b.nom, y.b.nom) || collator.compare(x.b.code, y.b.code);
        });
        return { index: index, found: found.map(function (f) { return f.b; }), partie: partial };
      });
    });
  }

  function findPages(query) {
    var q = words(query);
    if (!q.length || /^\d+$/.test(q.join(""))) { return Promise.resolve([]); }
    return load("recherche/pages.json").then(function (pages) {
      var found = [];
      pages.forEach(function (p) {
        for (var i = 0; i < p.length; i += 2) {
          var w = words(p[i]);
          var ok = q.every(function (x) {
            return w.some(function (y) { return y.indexOf(x) === 0; });
          });
          if (ok) {
            found.push({ title: i === 0 ? p[0] : p[i] + " (" + p[0] + ")", url: root + p[i + 1] });
            return;
          }
        }
      });
      return found;
    }).catch(function () { return []; });
  }

  function motionLabel(index, motion) {
    var campaign = index.campagnes[motion[0]][1];
    return campaign + " : motion " + (motion[1] ? "adoptée" : "rejetée") + " le " +
      frenchDate(motion[2]);
  }

  // One result: the council, what it is, its motions (each a link), or where to look next.
  function resultItem(index, b) {
    var item = el("li", { "class": "petition-resultat", "data-type": b.type, "data-code": b.code });
    var title = el("p", { "class": "petition-resultat-nom" });
    var target = b.motions.length === 1 ? motionUrl(index, b.motions[0]) :
      !b.motions.length ? root + "?type=" + b.type + "&commune=" + encodeURIComponent(b.code) +
      "&nom=" + encodeURIComponent(b.nom) + "#ma-commune" : null;
    title.appendChild(target ? el("a", { href: target }, b.nom) : el("strong", {}, b.nom));
    title.appendChild(document.createTextNode(" · " + place(index, b)));
    item.appendChild(title);
    if (b.motions.length > 1) {
      var list = el("ul");
      b.motions.forEach(function (m) {
        var li = el("li");
        li.appendChild(el("a", { href: motionUrl(index, m) }, motionLabel(index, m)));
        list.appendChild(li);
      });
      item.appendChild(list);
    } else if (b.motions.length === 1) {
      item.appendChild(el("p", { "class": "petition-resultat-etat" },
        motionLabel(index, b.motions[0])));
    } else {
      item.appendChild(el("p", { "class": "petition-resultat-etat" }, b.type !== "region"
        ? "Pas de motion de son conseil enregistrée ici : voir si son territoire est couvert"
        : "Pas de motion de son conseil enregistrée ici"));
    }
    return item;
  }

  function render(box, query, max) {
    return Promise.all([findBodies(query), findPages(query)]).then(function (both) {
      if (box.getAttribute("data-requete") !== query) { return; }
      var index = both[0].index, bodies = both[0].found, pages = both[1];
      box.textContent = "";
      var total = bodies.length + pages.length;
      box.appendChild(el("p", { "class": "petition-compte" }, total ? (total > max
        ? "Les " + max + " premiers résultats sur " + total.toLocaleString("fr-FR")
        : total + " résultat" + (total > 1 ? "s" : "")) : "Aucun résultat pour « " + query + " »."));
      if (both[0].partie) {
        box.appendChild(el("p", { "class": "petition-compte" }, "Tapez la suite du nom pour " +
          "trouver toutes les collectivités."));
      }
      var list = el("ul", { "class": "petition-liste-resultats" });
      pages.slice(0, 3).forEach(function (p) {
        var li = el("li", { "class": "petition-resultat" });
        var line = el("p", { "class": "petition-resultat-nom" });
        line.appendChild(el("a", { href: p.url }, p.title));
        line.appendChild(document.createTextNode(" · page du site"));
        li.appendChild(line);
        list.appendChild(li);
      });
      bodies.slice(0, max - Math.min(pages.length, 3)).forEach(function (b) {
        list.appendChild(resultItem(index, b));
      });
      if (list.childNodes.length) { box.appendChild(list); }
      box.setAttribute("data-rendu", query);
      if (total > max && box.id === "petition-resultats-entete") {
        box.appendChild(el("a", { href: root + "recherche/?q=" + encodeURIComponent(query) },
          "Tous les résultats"));
      }
    }).catch(function () {
      box.textContent = "La recherche n'a pas pu être chargée.";
    });
  }

  // --- the header -------------------------------------------------------------------------------
  var form = header.querySelector("form");
  var input = header.querySelector("input[type=search]");
  var SVG = "http://www.w3.org/2000/svg";
  // The button that opens the field on a telephone, and the results' box (written here, not in
  // each page: the motion pages stay small).
  var toggle = el("button", { type: "button", "class": "md-header__button md-icon " +
    "petition-ouvrir-recherche", "aria-expanded": "false", "aria-controls": form.id,
    "aria-label": "Rechercher" });
  var icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  var glass = document.createElementNS(SVG, "path");
  glass.setAttribute("d", "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 " +
    "5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 " +
    "3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5");
  icon.appendChild(glass);
  toggle.appendChild(icon);
  header.insertBefore(toggle, form);
  var results = el("div", { id: "petition-resultats-entete", "class": "petition-resultats",
    "aria-live": "polite" });
  results.hidden = true;
  header.appendChild(results);
  input.setAttribute("aria-controls", results.id);
  var timer = null;
  header.classList.add("petition-js");

  function close() {
    results.hidden = true;
    header.classList.remove("petition-ouverte");
    toggle.setAttribute("aria-expanded", "false");
  }

  toggle.addEventListener("click", function () {
    var open = !header.classList.contains("petition-ouverte");
    header.classList.toggle("petition-ouverte", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { input.focus(); } else { close(); }
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (words(query).join("").length < 2) { results.hidden = true; return; }
    timer = setTimeout(function () {
      results.setAttribute("data-requete", query);
      results.hidden = false;
      render(results, query, 8);
    }, 120);
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); input.focus(); }
  });
  document.addEventListener("click", function (event) {
    if (!header.contains(event.target)) { results.hidden = true; }
  });
  form.addEventListener("submit", function (event) {
    if (!input.value.trim()) { event.preventDefault(); }
  });

  // --- the search page --------------------------------------------------------------------------
  var page = document.querySelector(".petition-recherche-page");
  if (page) {
    var pageQuery = new URLSearchParams(window.location.search).get("q") || "";
    var pageForm = el("form", { role: "search", "class": "petition-formulaire",
      "aria-label": "Rechercher sur le site" });
    var label = el("label", { "class": "petition-champ petition-champ-nom" }, "Collectivité, " +
      "code postal ou page ");
    var pageInput = el("input", { type: "search", name: "q", autocomplete: "off" });
    pageInput.value = pageQuery;
    label.appendChild(pageInput);
    pageForm.appendChild(label);
    var pageResults = el("div", { "class": "petition-resultats-page", "aria-live": "polite" });
    page.appendChild(pageForm);
    page.appendChild(pageResults);
    var run = function () {
      var query = pageInput.value.trim();
      pageResults.setAttribute("data-requete", query);
      if (words(query).join("").length < 2) { pageResults.textContent = ""; return; }
      render(pageResults, query, parseInt(page.getAttribute("data-max"), 10) || 50);
    };
    pageForm.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    pageInput.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    run();
  }

  // --- « Ma commune » ---------------------------------------------------------------------------
  // A council's state in one campaign: its own motions, and the adopted motions of the bodies
  // whose territory holds its own (a commune's intercommunalité, an arrondissement's commune, the
  // département, the région).
  var COUNCILS = { commune: "le conseil municipal", arrondissement: "le conseil d'arrondissement",
    epci: "le conseil communautaire", ept: "le conseil de territoire",
    collectivite: "le conseil de la collectivité", departement: "le conseil départemental",
    region: "le conseil régional", com: "le conseil territorial" };

  function communeState(index, b, ci) {
    var own = b.motions.filter(function (m) { return m[0] === ci; });
    var adopted = own.filter(function (m) { return m[1]; });
    var rejected = own.filter(function (m) { return !m[1]; });
    var cover = index.couvertures[ci];
    var covering = [];
    var keys = b.parents.slice();
    if (b.dep && b.type !== "departement" && b.type !== "region") { keys.push("departement:" + b.dep); }
    if (b.region && b.type !== "region") { keys.push("region:" + b.region); }
    keys.forEach(function (key) {
      var hit = cover[key];
      if (hit) {
        covering.push({ nom: hit[0], type: key.split(":")[0],
          url: root + "campagnes/" + index.campagnes[ci][0] + "/" + hit[1] + "/" });
      }
    });
    // The council's own vote first: a rejection is said even where another body's motion covers
    // the territory (the text says both).
    var state = adopted.length ? "adoptee" : rejected.length ? "rejetee" :
      covering.length ? "couverte" : "en_attente";
    return { state: state, adopted: adopted, rejected: rejected, covering: covering };
  }

  function formUrl(index, b, ci, fallback) {
    var base = index.campagnes[ci][3];
    if (!base) { return fallback; }
    var type = (index.formulaire_types || {})[b.type] || b.type;
    return base + "&type=" + encodeURIComponent(type) + "&code=" + encodeURIComponent(b.code) +
      "&nom=" + encodeURIComponent(b.nom);
  }

  function communeCard(index, b, fallback) {
    var card = el("section", { "class": "petition-carte-commune", "data-code": b.code,
      "data-type": b.type, "aria-labelledby": "petition-mc-titre" });
    card.appendChild(el("h3", { id: "petition-mc-titre" }, b.nom + " (" +
      (b.type === "commune" || b.type === "arrondissement" ? index.departements[b.dep] || ""
        : place(index, b)) + ")"));
    var council = COUNCILS[b.type] || "son conseil";
    var Council = council.charAt(0).toUpperCase() + council.slice(1);
    var territory = b.type === "commune" ? "le territoire de la commune" : "son territoire";
    index.campagnes.forEach(function (campaign, ci) {
      var s = communeState(index, b, ci);
      var block = el("div", { "class": "petition-etat-campagne petition-etat-" + s.state,
        "data-campagne": campaign[0], "data-etat": s.state });
      var head = el("p", { "class": "petition-etat-titre" });
      head.appendChild(el("a", { href: root + campaign[2] }, campaign[1]));
      block.appendChild(head);
      var line = el("p", { "class": "petition-etat-texte" });
      var add = function (text, url) {
        if (url) { line.appendChild(el("a", { href: url }, text)); } else {
          line.appendChild(document.createTextNode(fr(text)));
        }
      };
      if (s.state === "adoptee") {
        add("Adoptée : " + council + " a adopté la motion le " +
          frenchDate(s.adopted[s.adopted.length - 1][2]) + ". ");
        add("Voir la motion", motionUrl(index, s.adopted[s.adopted.length - 1]));
        add(".");
      } else {
        if (s.rejected.length) {
          add("Rejetée : " + council + " a rejeté la motion le " +
            frenchDate(s.rejected[s.rejected.length - 1][2]) + " (");
          add("voir la motion", motionUrl(index, s.rejected[s.rejected.length - 1]));
          add("). ");
        }
        if (s.covering.length) {
          add(s.rejected.length ? "Son territoire reste couvert par la motion adoptée par "
            : "Couverte : " + territory + " est couvert par la motion adoptée par ");
          s.covering.forEach(function (c, i) {
            if (i) { add(i === s.covering.length - 1 ? " et par " : ", par "); }
            add(c.nom, c.url);
          });
          add(". ");
        }
        if (!s.rejected.length && !s.covering.length) {
          add("Pas encore de motion : ni " + council + (b.type === "region" ? "" :
            ", ni une collectivité dont le territoire contient le sien") +
            " n'ont de motion adoptée enregistrée ici. ");
        }
      }
      block.appendChild(line);
      var next = el("p", { "class": "petition-etat-suite" });
      var nextText = {
        adoptee: "Une autre délibération de ce conseil ? ",
        couverte: Council + " a aussi voté ? ",
        rejetee: "Le conseil a voté de nouveau ? ",
        en_attente: "Votre conseil a adopté la motion ? "
      }[s.state];
      next.appendChild(document.createTextNode(fr(nextText)));
      next.appendChild(el("a", { href: formUrl(index, b, ci, fallback) },
        "Signalez-la avec le formulaire pré-rempli"));
      next.appendChild(document.createTextNode("."));
      block.appendChild(next);
      card.appendChild(block);
    });
    return card;
  }

  var mine = document.querySelector(".petition-ma-commune");
  if (mine) {
    var fallback = mine.getAttribute("data-contribuer");
    mine.textContent = "";
    var mForm = el("form", { role: "search", "class": "petition-formulaire",
      "aria-label": "Ma commune" });
    var mLabel = el("label", { "class": "petition-champ petition-champ-nom" },
      "Nom, code postal ou code INSEE de la commune ");
    var mInput = el("input", { type: "search", name: "commune", autocomplete: "off",
      placeholder: fr("ex. : Liévin, Paris 13e ou 62800") });
    mLabel.appendChild(mInput);
    mForm.appendChild(mLabel);
    var choices = el("div", { "class": "petition-choix", "aria-live": "polite" });
    var answer = el("div", { "class": "petition-mc-reponse", "aria-live": "polite" });
    [mForm, choices, answer].forEach(function (n) { mine.appendChild(n); });
    var mTimer = null;
    var show = function (index, b) {
      answer.textContent = "";
      answer.appendChild(communeCard(index, b, fallback));
    };
    // Each answer belongs to one query: a new query (or an emptied field) takes the previous
    // card and choices away at once, before its own answer comes.
    var done = function (query) { mine.setAttribute("data-rendu", query); };
    var suggest = function (pickFirst) {
      var query = mInput.value.trim();
      choices.setAttribute("data-requete", query);
      if (words(query).join("").length < 2) {
        choices.textContent = "";
        answer.textContent = "";
        done(query);
        return;
      }
      findBodies(query).then(function (r) {
        if (choices.getAttribute("data-requete") !== query) { return; }
        var found = r.found;
        choices.textContent = "";
        answer.textContent = "";
        if (!found.length) {
          choices.appendChild(el("p", {}, r.partie ? "Tapez la suite du nom." :
            "Aucune collectivité trouvée pour « " + query + " »."));
          done(query);
          return;
        }
        // The council named exactly (« Liévin », not « Merck-Saint-Liévin »), or the one whose
        // postal code it is (the most precise: Paris 13e before Paris for 75013), is shown at once.
        var first = found[0], second = found[1];
        if (pickFirst || !second || (first.score === 0 && (second.score > 0 ||
            first.spread < second.spread))) {
          show(r.index, first);
        }
        if (found.length > 1) {
          choices.appendChild(el("p", { "class": "petition-compte" }, found.length > 10
            ? "Les 10 premières sur " + found.length.toLocaleString("fr-FR") + " :"
            : "Choisissez la collectivité :"));
          var list = el("ul", { "class": "petition-liste-choix" });
          found.slice(0, 10).forEach(function (b) {
            var li = el("li");
            var where = b.type === "commune" || b.type === "arrondissement"
              ? (r.index.departements[b.dep] || "") + ", " + (b.cp || b.code) : place(r.index, b);
            var button = el("button", { type: "button", "class": "petition-choix-commune",
              "data-code": b.code }, b.nom + " (" + where + ")");
            button.addEventListener("click", function () { show(r.index, b); });
            li.appendChild(button);
            list.appendChild(li);
          });
          choices.appendChild(list);
        }
        done(query);
      }).catch(function () {
        choices.textContent = "La recherche n'a pas pu être chargée.";
        done(query);
      });
    };
    mInput.addEventListener("input", function () {
      clearTimeout(mTimer);
      answer.textContent = "";
      mine.removeAttribute("data-rendu");
      mTimer = setTimeout(function () { suggest(false); }, 150);
    });
    mForm.addEventListener("submit", function (event) { event.preventDefault(); suggest(true); });
    var params = new URLSearchParams(window.location.search);
    var wantedCode = params.get("commune");
    var wantedType = params.get("type") || "commune";
    if (wantedCode) {
      findBodies(params.get("nom") || wantedCode).then(function (r) {
        var hit = r.found.filter(function (b) {
          return b.type === wantedType && b.code === wantedCode;
        })[0];
        if (hit) { mInput.value = hit.nom; show(r.index, hit); }
      });
    }
  }

  window.petitionRecherche = { findBodies: findBodies, communeState: communeState, words: words };
})();

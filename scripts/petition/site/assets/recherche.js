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

  // The same words as search.py's `words`: no accents, lower case, « st » read as « saint ».
  function words(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(Boolean).map(function (w) {
        return w === "st" ? "saint" : w === "ste" ? "sainte" : w;
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

  // An index row: [type, code, nom, département, région, EPCI, codes postaux, motions].
  function body(row) {
    return { type: row[0], code: row[1], nom: row[2], dep: row[3], region: row[4], epci: row[5],
      cp: row[6], motions: row[7], words: words(row[2]) };
  }

  function place(index, b) {
    var type = index.types[b.type] || b.type;
    if (b.type === "commune" || b.type === "epci") {
      return type + (b.dep ? ", " + (index.departements[b.dep] || "") + " (" + b.dep + ")" : "");
    }
    if (b.type === "departement") { return type + " (" + b.code + ")"; }
    return type;
  }

  // The councils whose name holds every word of the query (the last one may be unfinished), or
  // whose postal code starts with the query's digits. Best matches first.
  function findBodies(query) {
    var q = words(query);
    return load("recherche/index.json").then(function (index) {
      if (!q.length) { return { index: index, found: [] }; }
      var digits = /^\d{2,5}$/.test(q.join("")) && q.length === 1;
      var file;
      if (digits) {
        file = index.cp.indexOf(q[0].slice(0, 2)) !== -1 ? "recherche/cp/" + q[0].slice(0, 2) +
          ".json" : null;
      } else {
        var usable = q.filter(function (w) { return w.length >= 2 && STOP.indexOf(w) === -1; });
        var plain = usable.filter(function (w) { return w !== "saint" && w !== "sainte"; });
        var pick = (plain.length ? plain : usable).slice().sort(function (a, b) {
          return b.length - a.length;
        })[0];
        var key = pick ? pick.slice(0, 2) : null;
        file = key && index.noms.indexOf(key) !== -1 ? "recherche/noms/" + key + ".json" : null;
      }
      if (!file) { return { index: index, found: [] }; }
      return load(file).then(function (rows) {
        var joined = q.join(" ");
        var found = [];
        rows.forEach(function (row) {
          var b = body(row);
          var score;
          if (digits) {
            if (!b.cp.split(" ").some(function (c) { return c.indexOf(q[0]) === 0; })) { return; }
            score = b.cp.split(" ").indexOf(q[0]) !== -1 ? 0 : 1;
          } else {
            var ok = q.every(function (w, i) {
              return b.words.some(function (x) {
                return i === q.length - 1 ? x.indexOf(w) === 0 : x === w || x.indexOf(w) === 0;
              });
            });
            if (!ok) { return; }
            var name = b.words.join(" ");
            score = name === joined ? 0 : name.indexOf(joined) === 0 ? 1 : 2;
          }
          found.push({ b: b, score: score });
        });
        found.sort(function (x, y) {
          return x.score - y.score || (y.b.motions.length ? 1 : 0) - (x.b.motions.length ? 1 : 0)
            || collator.compare(x.b.nom, y.b.nom) || collator.compare(x.b.code, y.b.code);
        });
        return { index: index, found: found.map(function (f) { return f.b; }) };
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
    var item = el("li", { "class": "petition-resultat" });
    var title = el("p", { "class": "petition-resultat-nom" });
    var target = b.motions.length === 1 ? motionUrl(index, b.motions[0]) :
      b.type === "commune" && !b.motions.length ? root + "?commune=" + b.code + "&nom=" +
      encodeURIComponent(b.nom) + "#ma-commune" : null;
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
      item.appendChild(el("p", { "class": "petition-resultat-etat" }, b.type === "commune"
        ? "Pas de motion de son conseil enregistrée ici : voir si elle est couverte"
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
        ? "Les " + max + " premiers résultats sur " + total
        : total + " résultat" + (total > 1 ? "s" : "")) : "Aucun résultat pour « " + query + " »."));
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
  // A commune's state in one campaign: its own motions, and the adopted motions of the bodies whose
  // territory holds it (its intercommunalité, its département, its région).
  function communeState(index, b, ci) {
    var own = b.motions.filter(function (m) { return m[0] === ci; });
    var adopted = own.filter(function (m) { return m[1]; });
    var rejected = own.filter(function (m) { return !m[1]; });
    var cover = index.couvertures[ci];
    var covering = [];
    [["epci", b.epci], ["departement", b.dep], ["region", b.region]].forEach(function (k) {
      var hit = k[1] && cover[k[0] + ":" + k[1]];
      if (hit) {
        covering.push({ nom: hit[0], type: k[0],
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
    return base + "&code=" + encodeURIComponent(b.code) + "&nom=" + encodeURIComponent(b.nom);
  }

  function communeCard(index, b, fallback) {
    var card = el("section", { "class": "petition-carte-commune", "data-code": b.code,
      "aria-labelledby": "petition-mc-titre" });
    card.appendChild(el("h3", { id: "petition-mc-titre" }, b.nom + " (" +
      (index.departements[b.dep] || "") + ")"));
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
        add("Adoptée : le conseil municipal a adopté la motion le " +
          frenchDate(s.adopted[s.adopted.length - 1][2]) + ". ");
        add("Voir la motion", motionUrl(index, s.adopted[s.adopted.length - 1]));
        add(".");
      } else {
        if (s.rejected.length) {
          add("Rejetée : le conseil municipal a rejeté la motion le " +
            frenchDate(s.rejected[s.rejected.length - 1][2]) + " (");
          add("voir la motion", motionUrl(index, s.rejected[s.rejected.length - 1]));
          add("). ");
        }
        if (s.covering.length) {
          add(s.rejected.length ? "Son territoire reste couvert par la motion adoptée par "
            : "Couverte : le territoire de la commune est couvert par la motion adoptée par ");
          s.covering.forEach(function (c, i) {
            if (i) { add(i === s.covering.length - 1 ? " et par " : ", par "); }
            add(c.nom, c.url);
            add(" (" + (index.types[c.type] || c.type) + ")");
          });
          add(". ");
        }
        if (!s.rejected.length && !s.covering.length) {
          add("Pas encore de motion : ni son conseil municipal, ni son intercommunalité, ni son " +
            "département, ni sa région n'ont de motion adoptée enregistrée ici. ");
        }
      }
      block.appendChild(line);
      var next = el("p", { "class": "petition-etat-suite" });
      var nextText = {
        adoptee: "Une autre délibération de ce conseil ? ",
        couverte: "Le conseil municipal a aussi voté ? ",
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
      "Nom ou code postal de la commune ");
    var mInput = el("input", { type: "search", name: "commune", autocomplete: "off",
      placeholder: "ex. Liévin ou 62800" });
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
    var suggest = function (pickFirst) {
      var query = mInput.value.trim();
      choices.setAttribute("data-requete", query);
      if (words(query).join("").length < 2) { choices.textContent = ""; return; }
      findBodies(query).then(function (r) {
        if (choices.getAttribute("data-requete") !== query) { return; }
        var communes = r.found.filter(function (b) { return b.type === "commune"; });
        choices.textContent = "";
        if (!communes.length) {
          choices.appendChild(el("p", {}, "Aucune commune trouvée pour « " + query + " »."));
          return;
        }
        // The commune named exactly (« Liévin », not « Merck-Saint-Liévin ») is shown at once.
        var exact = communes.filter(function (b) { return b.words.join(" ") === words(query).join(" "); });
        if (pickFirst || communes.length === 1 || exact.length === 1) {
          show(r.index, exact.length === 1 ? exact[0] : communes[0]);
        }
        if (communes.length === 1) { return; }
        choices.appendChild(el("p", { "class": "petition-compte" }, communes.length > 10
          ? "Les 10 premières communes sur " + communes.length + " :" : "Choisissez la commune :"));
        var list = el("ul", { "class": "petition-liste-choix" });
        communes.slice(0, 10).forEach(function (b) {
          var li = el("li");
          var button = el("button", { type: "button", "class": "petition-choix-commune",
            "data-code": b.code }, b.nom + " (" + (r.index.departements[b.dep] || "") + ", " +
            (b.cp || b.code) + ")");
          button.addEventListener("click", function () { show(r.index, b); });
          li.appendChild(button);
          list.appendChild(li);
        });
        choices.appendChild(list);
      }).catch(function () { choices.textContent = "La recherche n'a pas pu être chargée."; });
    };
    mInput.addEventListener("input", function () {
      clearTimeout(mTimer);
      mTimer = setTimeout(function () { suggest(false); }, 150);
    });
    mForm.addEventListener("submit", function (event) { event.preventDefault(); suggest(true); });
    var params = new URLSearchParams(window.location.search);
    var wanted = params.get("commune");
    if (wanted) {
      findBodies(params.get("nom") || wanted).then(function (r) {
        var hit = r.found.filter(function (b) {
          return b.type === "commune" && b.code === wanted;
        })[0];
        if (hit) { mInput.value = hit.nom; show(r.index, hit); }
      });
    }
  }

  window.petitionRecherche = { findBodies: findBodies, communeState: communeState, words: words };
})();

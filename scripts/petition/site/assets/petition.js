/* The search box of a campaign page: the adopting bodies, sortable and filterable by type, région
 * and département, and a search by name that also finds communes without a motion of their own
 * (saying which adopting body covers them, or that their council rejected it: recherche.js). Reads
 * JSON files published with the site; writes text
 * only (never HTML), so nothing from the data can become markup. Without JavaScript the page keeps
 * its plain table. */
(function () {
  "use strict";

  var STEP = 50;
  var collator = new Intl.Collator("fr");  // one collator: localeCompare builds one per call
  var COLUMNS = [
    ["nom", "Collectivité"], ["type", "Type"], ["departement", "Département"],
    ["region", "Région"], ["date", "Séance"], ["population", "Population"]
  ];

  // Case, accents, hyphens and apostrophes ignored; « St », « Ste » read as « Saint », « Sainte ».
  function norm(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[-'’`\s]+/g, " ").replace(/\bste\b/g, "sainte").replace(/\bst\b/g, "saint").trim();
  }

  // 0: the name itself, 1: its beginning, 2: the beginning of one of its words, -1: no match.
  function rank(key, query) {
    if (key === query) { return 0; }
    if (key.indexOf(query) === 0) { return 1; }
    return key.indexOf(" " + query) !== -1 ? 2 : -1;
  }

  // French text, elements and dates: the helpers of recherche.js, loaded before this script.
  var texte = window.petitionTexte;
  var el = texte.el;
  var frenchDate = texte.frenchDate;

  function select(label, name, options) {
    var wrap = el("label", { "class": "petition-champ" }, label + " ");
    var box = el("select", { name: name });
    box.appendChild(el("option", { value: "" }, "Tous"));
    options.forEach(function (o) { box.appendChild(el("option", { value: o[0] }, o[1])); });
    wrap.appendChild(box);
    return wrap;
  }

  // A commune before its merger counts its own last population: its census year is said when it
  // is not the page's; an unpublished one is said, never shown as 0.
  function populationText(row, usual) {
    if (row.population === null || row.population === undefined) { return "non publiée"; }
    var text = row.population.toLocaleString("fr-FR");
    var year = Array.isArray(row.millesime) ? row.millesime.join(" et ") : row.millesime;
    return year && year !== usual ? text + " (millésime " + year + ")" : text;
  }

  function build(root, data) {
    var depName = function (code) { var d = data.departements[code]; return d ? d[0] : ""; };
    var rows = data.lignes.map(function (l) {
      return { nom: l[0], type: l[1], code: l[2], departement: l[3], region: l[4], date: l[5],
        population: l[7], lien: l[8], millesime: l[9], cle: norm(l[0]),
        depLabel: l[3] ? depName(l[3]) + " (" + l[3] + ")" : "",
        regLabel: data.regions[l[4]] || "" };
    });
    var present = function (key) {
      var seen = {};
      rows.forEach(function (r) { if (r[key]) { seen[r[key]] = true; } });
      return Object.keys(seen).sort();
    };
    var form = el("form", { "class": "petition-formulaire", role: "search",
      "aria-label": "Rechercher parmi les collectivités qui ont adopté la motion" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var search = el("label", { "class": "petition-champ petition-champ-nom" }, "Nom ");
    var input = el("input", { type: "search", name: "nom", placeholder: "ex. Lens",
      autocomplete: "off" });
    search.appendChild(input);
    form.appendChild(search);
    form.appendChild(select("Type", "type", present("type").map(function (t) {
      return [t, data.types[t] || t]; })));
    form.appendChild(select("Région", "region", present("region").map(function (r) {
      return [r, data.regions[r] || r]; })));
    form.appendChild(select("Département", "departement", present("departement").map(function (d) {
      return [d, depName(d) + " (" + d + ")"]; })));
    var status = el("p", { "class": "petition-compte", "aria-live": "polite" });
    var table = el("table", { "class": "petition-table" });
    var head = el("tr");
    var sort = { key: "nom", down: false };
    COLUMNS.forEach(function (col) {
      var th = el("th", { scope: "col", "class": "petition-col-" + col[0] });
      var button = el("button", { type: "button", "data-tri": col[0] }, col[1]);
      button.addEventListener("click", function () {
        sort = { key: col[0], down: sort.key === col[0] ? !sort.down : col[0] !== "nom" };
        shown = STEP;
        render();
      });
      th.appendChild(button);
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    table.appendChild(body);
    var more = el("button", { type: "button", "class": "md-button" }, "Afficher plus");
    var others = el("div", { "class": "petition-autres", "aria-live": "polite" });
    var scroll = el("div", { "class": "petition-defilement" });
    scroll.appendChild(table);
    [form, status, scroll, more, others].forEach(function (n) { root.appendChild(n); });
    var shown = STEP;

    function value(row, key) {
      return key === "departement" ? row.depLabel : key === "region" ? row.regLabel : row[key];
    }

    function compare(a, b) {
      var x = value(a, sort.key), y = value(b, sort.key);
      var order = typeof x === "number" ? x - y : collator.compare(String(x), String(y));
      return (sort.down ? -order : order) || collator.compare(a.nom, b.nom);
    }

    function render() {
      var query = norm(input.value);
      var filters = ["type", "region", "departement"].map(function (name) {
        return [name, form.elements[name].value];
      });
      var found = rows.filter(function (row) {
        return (!query || rank(row.cle, query) !== -1) && filters.every(function (f) {
          return !f[1] || row[f[0]] === f[1];
        });
      }).sort(compare);
      body.textContent = "";
      found.slice(0, shown).forEach(function (row) {
        var tr = el("tr");
        var name = el("td", { "class": "petition-col-nom" });
        name.appendChild(el("a", { href: row.lien }, row.nom));
        tr.appendChild(name);
        tr.appendChild(el("td", { "class": "petition-col-type" }, data.types[row.type] || row.type));
        tr.appendChild(el("td", { "class": "petition-col-departement" }, row.depLabel));
        tr.appendChild(el("td", { "class": "petition-col-region" }, row.regLabel));
        tr.appendChild(el("td", { "class": "petition-col-date" }, frenchDate(row.date)));
        tr.appendChild(el("td", { "class": "petition-col-population" },
          populationText(row, data.population_millesime)));
        body.appendChild(tr);
      });
      status.textContent = found.length === rows.length
        ? rows.length.toLocaleString("fr-FR") + " collectivité" + (rows.length > 1 ? "s" : "")
        : found.length.toLocaleString("fr-FR") + " sur " + rows.length.toLocaleString("fr-FR");
      more.hidden = found.length <= shown;
      Array.prototype.forEach.call(head.querySelectorAll("th"), function (th) {
        var key = th.firstChild.getAttribute("data-tri");
        th.setAttribute("aria-sort", key !== sort.key ? "none" :
          sort.down ? "descending" : "ascending");
      });
      renderOthers(query);
    }

    // Communes matching the name without an adopted motion of their own in this campaign, with
    // their state: covered by another body's motion, rejected, or not yet (recherche.js).
    function renderOthers(query) {
      others.textContent = "";
      var api = window.petitionRecherche;
      if (query.length < 2 || !api) { return; }
      var typed = input.value;
      api.findBodies(typed).then(function (r) {
        if (input.value !== typed) { return; }
        var ci = r.index.campagnes.map(function (c) { return c[0]; }).indexOf(data.campagne);
        if (ci === -1) { return; }
        var lines = [];
        r.found.forEach(function (b) {
          if (b.type !== "commune" || lines.length >= 8) { return; }
          var s = api.communeState(r.index, b, ci);
          if (s.state === "adoptee") { return; }
          var by = s.covering.map(function (c) { return c.nom; }).join(", par ");
          var text = s.state === "couverte" ? "territoire couvert par la motion adoptée par " + by
            : s.state === "rejetee" ? "le conseil municipal a rejeté la motion"
              : "pas encore de motion";
          if (s.state === "rejetee" && s.covering.length) {
            text += " ; territoire couvert par la motion adoptée par " + by;
          }
          lines.push(b.nom + " (" + depName(b.dep) + ") : " + text + ".");
        });
        others.textContent = "";
        if (!lines.length) { return; }
        others.appendChild(el("p", {}, "Communes sans motion adoptée par leur conseil dans " +
          "cette campagne :"));
        var list = el("ul");
        lines.forEach(function (line) { list.appendChild(el("li", {}, line)); });
        others.appendChild(list);
        others.appendChild(el("a", { href: root.getAttribute("data-contribuer") },
          "Votre conseil a adopté la motion ? Signalez-la."));
      }).catch(function () { others.textContent = ""; });
    }

    form.addEventListener("input", function () { shown = STEP; render(); });
    more.addEventListener("click", function () { shown += STEP; render(); });
    render();
    // The plain table goes (not only hidden): a page a phone keeps light.
    Array.prototype.forEach.call(document.querySelectorAll(".petition-statique"), function (n) {
      n.parentNode.removeChild(n);
    });
  }

  // The councils still to convince (target page): filtered by name and département, rows only
  // hidden (the table is complete without JavaScript).
  function filterTargets(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) { return; }
    var text = form.querySelector("input");
    var dep = form.querySelector("select");
    var count = form.querySelector("output");
    function apply() {
      var query = norm(text.value);
      var code = dep.value;
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = (!query || norm(row.getAttribute("data-nom")).indexOf(query) !== -1) &&
          (!code || (" " + row.getAttribute("data-departements") + " ").indexOf(" " + code + " ") !== -1);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + (shown > 1 ? " collectivités affichées" : " collectivité affichée");
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".petition-filtre-cibles"), function (form) {
      if (form.getAttribute("data-pret")) { return; }
      form.setAttribute("data-pret", "1");
      filterTargets(form);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".petition-recherche"), function (root) {
      if (root.getAttribute("data-pret")) { return; }
      root.setAttribute("data-pret", "1");
      var failed = function () {
        root.textContent = "La recherche n'a pas pu être chargée : la liste par département " +
          "reste complète.";
      };
      var load = function (url) {
        return fetch(url).then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        });
      };
      load(root.getAttribute("data-src")).then(function (data) {
        if (!data.parties) { build(root, data); return; }
        // A long list comes in one file per département, loaded when the reader chooses it: the
        // page stays light (the header's search finds any council by name).
        var label = el("label", { "class": "petition-champ" }, "Département ");
        var choice = el("select", { name: "partie" });
        choice.appendChild(el("option", { value: "" }, "Choisissez un département (" +
          data.total.toLocaleString("fr-FR") + (data.total > 1 ? " collectivités" :
          " collectivité") + " en tout)"));
        data.parties.forEach(function (p) {
          choice.appendChild(el("option", { value: p[2] }, p[0] + " : " +
            p[1].toLocaleString("fr-FR")));
        });
        label.appendChild(choice);
        var area = el("div", { "data-contribuer": root.getAttribute("data-contribuer") });
        root.appendChild(label);
        root.appendChild(area);
        choice.addEventListener("change", function () {
          area.textContent = "";
          if (!choice.value) { return; }
          var base = root.getAttribute("data-src").replace(/[^/]*$/, "");
          load(base + choice.value).then(function (part) { build(area, part); }).catch(failed);
        });
      }).catch(failed);
    });
  }

  // A table or a code sample wider than the screen scrolls inside its box: the keyboard must reach
  // it too (WCAG 2.1.1), so a box that scrolls takes the focus and says what it holds.
  var SCROLLING = [[".md-typeset__scrollwrap, .petition-defilement",
    "Tableau, à faire défiler horizontalement"],
    [".md-typeset pre > code, .md-typeset pre.petition-code", "Code, à faire défiler horizontalement"]];
  function focusableScroll() {
    SCROLLING.forEach(function (kind) {
      Array.prototype.forEach.call(document.querySelectorAll(kind[0]), function (box) {
        if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", kind[1]);
        }
      });
    });
  }
  new MutationObserver(focusableScroll).observe(document.documentElement,
    { childList: true, subtree: true });
  window.addEventListener("resize", focusableScroll);

  // An older address of a motion, `…/62/#commune-62498-lens-2023-09-27`, whose row is now on
  // another sheet of the département's list: the anchor is the motion's own page's folder.
  function oldAnchor() {
    var list = document.querySelector(".petition-motions[data-campagne]");
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (list && /^[a-z]+-[a-z0-9]+-[a-z0-9-]+$/.test(id) && !document.getElementById(id)) {
      window.location.replace(list.getAttribute("data-campagne") + id + "/");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", oldAnchor);
    document.addEventListener("DOMContentLoaded", start);
  } else {
    oldAnchor();
    start();
  }
})();

#!/usr/bin/env python3
"""Deterministic generator for the bitext-mining sample corpus.

Run from the repository root (or anywhere):

    python sample_data/build_sample.py

It rewrites, byte-identically on every run:

    sample_data/en/news.txt        plain text, UTF-8
    sample_data/de/crawl.txt.gz    plain text, UTF-8, gzip (mtime=0)
    sample_data/fr/crawl.jsonl     JSON Lines {"url", "text"}
    sample_data/es/crawl.txt       plain text, UTF-8 except ONE Latin-1 line
    sample_data/gold/{de-en,fr-en,es-en,de-fr}.tsv

Standard library only.  If the ``sentencex`` package happens to be
importable, the script additionally asserts that every content paragraph
segments into exactly the intended sentences.

All texts are original, written for this sample.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = ("en", "de", "fr", "es")

# ---------------------------------------------------------------------------
# Parallel documents: sentence i in one language translates sentence i in
# every other language of the same document (strict 1:1).
# ---------------------------------------------------------------------------

PARALLEL: dict[str, dict[str, list[str]]] = {
    # A: town library reopening -- en, de, fr, es
    "A": {
        "en": [
            "After eight months of renovation, the public library in Brandis will reopen its doors on Saturday morning.",
            "The old reading room now has large windows, new wooden shelves and comfortable armchairs by the fireplace.",
            "A separate children's corner with picture books, puzzles and a small puppet theatre has been set up on the ground floor.",
            "Visitors can borrow laptops for up to two weeks using only their library card.",
            "The renovation cost around two million euros and was largely funded by the regional government.",
            "To celebrate the reopening, local authors will read from their latest novels throughout the afternoon.",
            "From next week, the library will also stay open until nine in the evening on Thursdays.",
        ],
        "de": [
            "Nach acht Monaten Renovierung öffnet die Stadtbibliothek in Brandis am Samstagmorgen wieder ihre Türen.",
            "Der alte Lesesaal hat jetzt große Fenster, neue Holzregale und bequeme Sessel am Kamin.",
            "Im Erdgeschoss wurde eine eigene Kinderecke mit Bilderbüchern, Puzzles und einem kleinen Puppentheater eingerichtet.",
            "Besucher können allein mit ihrem Bibliotheksausweis Laptops für bis zu zwei Wochen ausleihen.",
            "Die Renovierung kostete rund zwei Millionen Euro und wurde größtenteils von der Landesregierung finanziert.",
            "Zur Feier der Wiedereröffnung lesen Autorinnen und Autoren aus der Region den ganzen Nachmittag aus ihren neuesten Romanen.",
            "Ab nächster Woche bleibt die Bibliothek donnerstags außerdem bis 21 Uhr geöffnet.",
        ],
        "fr": [
            "Après huit mois de travaux, la bibliothèque municipale de Brandis rouvrira ses portes samedi matin.",
            "L'ancienne salle de lecture dispose désormais de grandes fenêtres, de nouvelles étagères en bois et de fauteuils confortables près de la cheminée.",
            "Un coin enfants séparé, avec des livres d'images, des puzzles et un petit théâtre de marionnettes, a été aménagé au rez-de-chaussée.",
            "Les visiteurs peuvent emprunter des ordinateurs portables pendant deux semaines au maximum avec leur seule carte de bibliothèque.",
            "La rénovation a coûté environ deux millions d'euros et a été financée en grande partie par le gouvernement régional.",
            "Pour fêter la réouverture, des auteurs locaux liront des extraits de leurs derniers romans tout l'après-midi.",
            "À partir de la semaine prochaine, la bibliothèque restera également ouverte jusqu'à 21 heures le jeudi.",
        ],
        "es": [
            "Tras ocho meses de obras, la biblioteca pública de Brandis volverá a abrir sus puertas el sábado por la mañana.",
            "La antigua sala de lectura cuenta ahora con grandes ventanales, nuevas estanterías de madera y cómodos sillones junto a la chimenea.",
            "En la planta baja se ha habilitado un rincón infantil independiente con libros ilustrados, rompecabezas y un pequeño teatro de títeres.",
            "Los visitantes pueden tomar prestados ordenadores portátiles durante un máximo de dos semanas con solo su carné de biblioteca.",
            "La renovación costó unos dos millones de euros y fue financiada en gran parte por el gobierno regional.",
            "Para celebrar la reapertura, autores locales leerán fragmentos de sus últimas novelas durante toda la tarde.",
            "A partir de la próxima semana, la biblioteca también abrirá los jueves hasta las nueve de la noche.",
        ],
    },
    # B: rye bread recipe -- en, de
    "B": {
        "en": [
            "This simple rye bread needs only flour, water, salt and a little sourdough starter.",
            "Mix all the ingredients in a large bowl and knead the dough for about ten minutes.",
            "Cover the bowl with a damp cloth and let the dough rise overnight in a cool kitchen.",
            "The next morning, shape the dough into a round loaf and place it in a floured basket.",
            "Preheat the oven to its highest setting with a cast iron pot inside.",
            "Bake the bread with the lid on for twenty minutes, then remove the lid and bake for another half hour.",
            "Let the loaf cool completely on a wire rack before you cut the first slice.",
        ],
        "de": [
            "Dieses einfache Roggenbrot braucht nur Mehl, Wasser, Salz und etwas Sauerteig.",
            "Alle Zutaten in einer großen Schüssel vermischen und den Teig etwa zehn Minuten lang kneten.",
            "Die Schüssel mit einem feuchten Tuch abdecken und den Teig über Nacht in einer kühlen Küche gehen lassen.",
            "Am nächsten Morgen den Teig zu einem runden Laib formen und in ein bemehltes Gärkörbchen legen.",
            "Den Backofen mit einem gusseisernen Topf darin auf höchster Stufe vorheizen.",
            "Das Brot zwanzig Minuten mit Deckel backen, dann den Deckel abnehmen und eine weitere halbe Stunde backen.",
            "Den Laib auf einem Kuchengitter vollständig abkühlen lassen, bevor die erste Scheibe abgeschnitten wird.",
        ],
    },
    # C: hiking trail closure notice -- en, fr, es
    "C": {
        "en": [
            "The ridge trail above Valdor is closed until further notice after a rockslide on Tuesday night.",
            "Nobody was injured, but several large boulders are still blocking the path near the second bridge.",
            "Hikers heading to the mountain hut should take the forest route through the valley instead.",
            "This detour adds roughly an hour of walking, so plan to set off earlier than usual.",
            "Dogs must be kept on a lead along the forest route because of grazing cattle.",
            "Geologists will inspect the slope next week and decide whether the trail can be secured.",
            "Current updates are posted at the tourist office and on the notice board at the car park.",
        ],
        "fr": [
            "Le sentier de crête au-dessus de Valdor est fermé jusqu'à nouvel ordre après un éboulement survenu mardi soir.",
            "Personne n'a été blessé, mais plusieurs gros rochers bloquent encore le chemin près du deuxième pont.",
            "Les randonneurs qui se rendent au refuge doivent emprunter à la place l'itinéraire forestier par la vallée.",
            "Ce détour ajoute environ une heure de marche, il faut donc prévoir de partir plus tôt que d'habitude.",
            "Les chiens doivent être tenus en laisse sur l'itinéraire forestier en raison du bétail qui y pâture.",
            "Des géologues inspecteront la pente la semaine prochaine et décideront si le sentier peut être sécurisé.",
            "Les informations à jour sont affichées à l'office de tourisme et sur le panneau d'affichage du parking.",
        ],
        "es": [
            "El sendero de la cresta sobre Valdor permanece cerrado hasta nuevo aviso tras un desprendimiento de rocas el martes por la noche.",
            "No hubo heridos, pero varias rocas grandes siguen bloqueando el camino cerca del segundo puente.",
            "Los excursionistas que se dirijan al refugio de montaña deben tomar en su lugar la ruta del bosque por el valle.",
            "Este desvío añade aproximadamente una hora de caminata, así que conviene salir antes de lo habitual.",
            "Los perros deben ir atados a lo largo de la ruta del bosque debido al ganado que pasta allí.",
            "Los geólogos inspeccionarán la ladera la próxima semana y decidirán si se puede asegurar el sendero.",
            "Las novedades se publican en la oficina de turismo y en el tablón de anuncios del aparcamiento.",
        ],
    },
    # D: small science item, a comet visible to the naked eye -- de, fr
    "D": {
        "de": [
            "Ein kleiner Komet wird in den kommenden zwei Wochen mit bloßem Auge am Abendhimmel zu sehen sein.",
            "Am besten beobachtet man ihn kurz nach Sonnenuntergang tief über dem westlichen Horizont.",
            "Astronomen entdeckten den Himmelskörper erst im Frühjahr mit einem Teleskop in Chile.",
            "Sein Schweif besteht aus Gas und Staub, die die Wärme der Sonne aus dem eisigen Kern löst.",
            "Mit einem Fernglas kann man sogar den grünlichen Schimmer um den Kopf des Kometen erkennen.",
            "Die Lichtverschmutzung in den Städten erschwert die Beobachtung jedoch erheblich.",
            "Der Komet kommt erst in etwa sechstausend Jahren wieder in die Nähe der Erde.",
        ],
        "fr": [
            "Une petite comète sera visible à l'œil nu dans le ciel du soir au cours des deux prochaines semaines.",
            "Le mieux est de l'observer peu après le coucher du soleil, bas au-dessus de l'horizon ouest.",
            "Les astronomes n'ont découvert cet objet céleste qu'au printemps, grâce à un télescope installé au Chili.",
            "Sa queue est composée de gaz et de poussière que la chaleur du Soleil arrache à son noyau glacé.",
            "Avec des jumelles, on peut même distinguer la lueur verdâtre qui entoure la tête de la comète.",
            "La pollution lumineuse des villes rend toutefois l'observation beaucoup plus difficile.",
            "La comète ne repassera près de la Terre que dans environ six mille ans.",
        ],
    },
    # E: online shop return policy -- en, es
    "E": {
        "en": [
            "You can return any item within thirty days of delivery, as long as it is unused and in its original packaging.",
            "To start a return, log in to your account and select the order you want to send back.",
            "We will email you a prepaid shipping label that you can print at home.",
            "Please include the completed return form inside the parcel so that we can identify your order quickly.",
            "Refunds are issued to the original payment method within five working days after we receive the goods.",
            "Personalised products, gift cards and opened cosmetics cannot be returned for hygiene or legal reasons.",
            "If an item arrives damaged, contact our customer service before sending anything back.",
        ],
        "es": [
            "Puede devolver cualquier artículo en un plazo de treinta días desde la entrega, siempre que no se haya usado y esté en su embalaje original.",
            "Para iniciar una devolución, inicie sesión en su cuenta y seleccione el pedido que desea devolver.",
            "Le enviaremos por correo electrónico una etiqueta de envío prepagada que podrá imprimir en casa.",
            "Incluya el formulario de devolución cumplimentado dentro del paquete para que podamos identificar su pedido rápidamente.",
            "Los reembolsos se realizan con el método de pago original en un plazo de cinco días hábiles tras recibir la mercancía.",
            "Los productos personalizados, las tarjetas regalo y los cosméticos abiertos no pueden devolverse por motivos de higiene o legales.",
            "Si un artículo llega dañado, póngase en contacto con nuestro servicio de atención al cliente antes de devolver nada.",
        ],
    },
}

# Paragraph grouping per language (sizes must sum to the sentence count).
# Grouping deliberately differs between languages.
PARAGRAPHS: dict[str, dict[str, tuple[int, ...]]] = {
    "A": {"en": (3, 4), "de": (2, 3, 2), "fr": (4, 3), "es": (7,)},
    "B": {"en": (2, 3, 2), "de": (4, 3)},
    "C": {"en": (3, 4), "fr": (2, 2, 3), "es": (4, 3)},
    "D": {"de": (3, 4), "fr": (2, 3, 2)},
    "E": {"en": (4, 3), "es": (2, 2, 3)},
}

# Gold pair files: (src, tgt) -> documents shared by both languages.
GOLD_PAIRS = (("de", "en"), ("fr", "en"), ("es", "en"), ("de", "fr"))

# ---------------------------------------------------------------------------
# Unrelated (non-translated) documents, per language: list of paragraphs,
# each paragraph a list of sentences.
# ---------------------------------------------------------------------------

DUP = {  # generic sentence that appears in two unrelated docs of a language
    "en": "Entry is free and everyone is welcome.",
    "de": "Weitere Informationen gibt es telefonisch im Bürgerbüro.",
    "fr": "Les inscriptions sont ouvertes jusqu'à la fin du mois.",
    "es": "Las plazas son limitadas, así que conviene reservar con antelación.",
}

# A sentence of a parallel document repeated inside an unrelated document.
DUP_PARALLEL = {"en": ("A", 0), "de": ("D", 0), "fr": ("C", 0), "es": ("A", 1)}

UNRELATED: dict[str, dict[str, list[list[str]]]] = {
    "en": {
        "football": [
            [
                "The under-fourteen team of Riverside Rovers won the county cup final on Sunday afternoon.",
                "Their goalkeeper saved two penalties in the shootout after a goalless match.",
                "More than three hundred parents and neighbours cheered from the small wooden stand.",
            ],
            [
                "The coach praised the players for training through the rain all winter.",
                "The club is now looking for volunteers to help run the summer tournament.",
                DUP["en"],
            ],
        ],
        "market": [
            [
                "The weekly farmers market is moving from the church square to the old railway yard next month.",
                "Stallholders had complained for years about the lack of space and shade on the square.",
            ],
            [
                "The new site offers covered stands, public toilets and room for forty vendors.",
                "Regular customers will still find fresh eggs, goat cheese and seasonal vegetables every Saturday.",
                "A free shuttle bus will run from the town hall during the first four weeks.",
                DUP["en"],
            ],
        ],
        "bicycle": [
            [
                "Fixing a flat tyre on your bicycle takes less than fifteen minutes once you know the steps.",
                "First remove the wheel and use two plastic levers to lift one side of the tyre off the rim.",
                "Pump a little air into the inner tube and listen carefully for the hissing sound of the leak.",
            ],
            [
                "Roughen the area around the hole with sandpaper before applying the glue and the patch.",
                "Always check the inside of the tyre for glass or thorns, or the new tube will puncture again.",
            ],
        ],
    },
    "de": {
        "bridge": [
            [
                "Die Brücke an der Mühlenstraße wird ab Montag für drei Monate vollständig gesperrt.",
                "Bauarbeiter ersetzen dort die verrosteten Geländer und erneuern den gesamten Straßenbelag.",
                "Autofahrer werden über die Umgehungsstraße im Norden der Stadt umgeleitet.",
            ],
            [
                "Fußgänger und Radfahrer dürfen eine schmale Behelfsbrücke neben der Baustelle benutzen.",
                "Die Stadtwerke nutzen die Sperrung, um gleichzeitig neue Wasserleitungen unter der Fahrbahn zu verlegen.",
                DUP["de"],
            ],
        ],
        "choir": [
            [
                "Der Kirchenchor feiert am Wochenende sein hundertjähriges Bestehen mit einem großen Sommerfest.",
                "Auf dem Programm stehen ein Festgottesdienst, ein Konzert im Park und ein Kuchenbuffet.",
                "Besonders freuen sich die Sängerinnen und Sänger auf den Besuch eines Partnerchors aus Polen.",
            ],
            [
                "Für Kinder gibt es eine Hüpfburg und einen Malwettbewerb.",
                "Neue Mitglieder jeder Altersgruppe sind bei den Proben am Mittwochabend jederzeit willkommen.",
                DUP["de"],
            ],
        ],
        "energy": [
            [
                "Mit ein paar einfachen Gewohnheiten lässt sich im Winter viel Heizenergie sparen.",
                "Lüften Sie mehrmals täglich kurz und kräftig, statt die Fenster stundenlang gekippt zu lassen.",
                "Schon ein Grad weniger Raumtemperatur senkt die Heizkosten spürbar.",
            ],
            [
                "Heizkörper sollten nicht von Möbeln oder langen Vorhängen verdeckt werden.",
                "Dichtungsband an alten Fenstern und Türen verhindert kalte Zugluft.",
                "Ein programmierbares Thermostat senkt die Temperatur nachts automatisch ab.",
            ],
        ],
    },
    "fr": {
        "jazz": [
            [
                "Le festival de jazz de Saint-Aubin fête cette année sa vingtième édition sur les bords du fleuve.",
                "Pendant trois jours, une trentaine de groupes se produiront sur deux scènes en plein air.",
                "La tête d'affiche est une pianiste québécoise connue pour ses improvisations audacieuses.",
            ],
            [
                "Des navettes gratuites relieront la gare au site du festival jusqu'à deux heures du matin.",
                "Le billet pour une journée coûte vingt-cinq euros et l'entrée est gratuite pour les moins de douze ans.",
                DUP["fr"],
            ],
        ],
        "garden": [
            [
                "Les tomates ont besoin de beaucoup de soleil et d'un sol riche pour donner de beaux fruits.",
                "Plantez-les après les dernières gelées, en laissant au moins cinquante centimètres entre chaque pied.",
                "Arrosez toujours au pied de la plante et jamais sur les feuilles, pour éviter les maladies.",
            ],
            [
                "Retirez régulièrement les gourmands qui poussent entre la tige et les branches.",
                "Notre association propose un atelier de jardinage gratuit chaque premier samedi du mois.",
                DUP["fr"],
            ],
        ],
        "canteen": [
            [
                "La cantine scolaire servira désormais un repas végétarien deux fois par semaine.",
                "Les menus sont élaborés avec une diététicienne et privilégient les produits de saison.",
            ],
            [
                "Les parents pourront consulter les menus de la semaine sur le site de la mairie.",
                "Une partie des légumes proviendra directement d'une ferme située à quelques kilomètres.",
                "Les élèves ont goûté plusieurs plats lors d'une dégustation organisée au printemps.",
                "Cette mesure vise aussi à réduire le gaspillage alimentaire, qui reste important dans les écoles.",
            ],
        ],
    },
    "es": {
        "fiestas": [
            [
                "Las fiestas patronales de San Roque comenzarán el próximo viernes con un pregón en la plaza mayor.",
                "Habrá verbenas todas las noches, un concurso de paellas y una carrera popular por el casco antiguo.",
                "El domingo por la mañana saldrá la tradicional procesión desde la ermita hasta la iglesia.",
            ],
            [
                "El ayuntamiento ha reforzado el servicio de limpieza y de autobuses nocturnos durante esos días.",
                "Los fuegos artificiales cerrarán las fiestas el lunes a medianoche desde el parque del río.",
                DUP["es"],
            ],
        ],
        "bikelane": [
            [
                "El nuevo carril bici unirá la estación de tren con el campus universitario a partir de septiembre.",
                "El trazado tiene cuatro kilómetros y está separado del tráfico por una fila de jardineras.",
            ],
            [
                "También se instalarán aparcamientos cubiertos para bicicletas junto a las paradas de autobús.",
                "Algunos comerciantes temen perder clientes por la eliminación de plazas de aparcamiento.",
                "Las obras obligarán a cortar un carril de la avenida principal durante seis semanas.",
                "El ayuntamiento espera que el número de ciclistas se duplique en dos años.",
            ],
        ],
        "cooking": [
            [
                "La escuela de cocina del mercado central ofrece este verano talleres de cocina tradicional.",
                "En la primera sesión, los alumnos aprenderán a preparar un gazpacho andaluz y una tortilla de patatas.",
            ],
            [
                "Cada taller dura tres horas y termina con una comida compartida entre todos los participantes.",
                "No se necesita experiencia previa, solo ganas de aprender y un delantal.",
                "Todos los ingredientes están incluidos en el precio de la matrícula.",
                DUP["es"],
            ],
        ],
    },
}

# ---------------------------------------------------------------------------
# Crawl noise, per language.
# ---------------------------------------------------------------------------

BOILERPLATE = {
    "en": {
        "cookie": "We use cookies to improve your experience. Accept all cookies.",
        "nav": "Home | News | Contact | Imprint",
        "share": "Share on Facebook",
        "copyright": "© 2024 Riverside Post. All rights reserved.",
    },
    "de": {
        "cookie": "Wir verwenden Cookies, um Ihr Erlebnis zu verbessern. Alle Cookies akzeptieren.",
        "nav": "Startseite | Nachrichten | Kontakt | Impressum",
        "share": "Auf Facebook teilen",
        "copyright": "© 2024 Lindenauer Anzeiger. Alle Rechte vorbehalten.",
    },
    "fr": {
        "cookie": "Nous utilisons des cookies pour améliorer votre expérience. Accepter tous les cookies.",
        "nav": "Accueil | Actualités | Contact | Mentions légales",
        "share": "Partager sur Facebook",
        "copyright": "© 2024 Le Courrier du Val. Tous droits réservés.",
    },
    "es": {
        "cookie": "Utilizamos cookies para mejorar su experiencia. Aceptar todas las cookies.",
        "nav": "Inicio | Noticias | Contacto | Aviso legal",
        "share": "Compartir en Facebook",
        "copyright": "© 2024 Diario del Valle. Todos los derechos reservados.",
    },
}

# Real sentences in the wrong language; not translations of anything here.
WRONG_LANG = {
    "en": (  # Spanish sentences inside the English file
        "es",
        [
            "Los vecinos del barrio norte piden más farolas en el camino al colegio.",
            "Este fin de semana se espera lluvia intensa en toda la costa.",
        ],
    ),
    "de": (  # English sentences inside the German file
        "en",
        [
            "Please remember to bring your own cup to the summer fair this year.",
            "Our online shop will be unavailable on Sunday night due to scheduled maintenance.",
        ],
    ),
    "fr": (  # German sentences inside the French file
        "de",
        [
            "Die Straßenbahnlinie zum Hauptbahnhof fährt ab Montag wieder im Zehnminutentakt.",
            "Vergessen Sie nicht, Ihre Mülltonne bis Donnerstagabend an die Straße zu stellen.",
        ],
    ),
    "es": (  # French sentences inside the Spanish file
        "fr",
        [
            "Le marché aux puces du dimanche est annulé en raison de la pluie.",
            "Le concert de ce soir commencera avec une demi-heure de retard.",
        ],
    ),
}

SHORT = {
    "en": ["»", "OK", "Menu", "1", "Login"],
    "de": ["Menü", "Anmelden", "»", "OK", "2"],
    "fr": ["Connexion", "»", "Menu", "OK", "3"],
    "es": ["Menú", "Acceder", "»", "1", "OK"],
}

# The single non-UTF-8 line (Latin-1 bytes) in the Spanish file.
LATIN1_LINE = "Información útil para el cliente".encode("latin-1")


def _long_line(lang: str) -> str:
    """A >=1200-character line without sentence-ending punctuation."""
    if lang == "en":  # SEO keyword/tag dump
        adjs = ["cheap", "last minute", "best", "family", "luxury", "budget", "weekend", "all inclusive", "eco"]
        nouns = ["flights", "hotels", "holidays", "car hire", "city breaks", "beach resorts",
                 "ski passes", "train tickets", "camping gear", "travel insurance"]
        return "Tags: " + ", ".join(f"{a} {n}" for a in adjs for n in nouns)
    if lang == "de":  # unpunctuated run-on of product names
        models = ["Wanderschuh Alpina", "Trekkingsandale Isar", "Laufschuh Sprint", "Winterstiefel Arktis"]
        who = ["Herren", "Damen", "Kinder"]
        colours = ["schwarz", "grau", "blau", "rot"]
        items = [f"{m} {w} {c} Größe 38" for m in models for w in who for c in colours]
        return " ".join(items) + " jetzt versandkostenfrei bestellen"
    if lang == "fr":  # keyword dump separated by dashes
        kinds = ["recette facile", "recette rapide", "recette légère", "recette traditionnelle",
                 "recette sans gluten", "recette pas chère", "recette de grand-mère"]
        dishes = ["gâteau au chocolat", "tarte aux pommes", "quiche lorraine", "crêpes",
                  "soupe de légumes", "poulet rôti", "ratatouille"]
        return " - ".join(f"{k} {d}" for k in kinds for d in dishes)
    if lang == "es":  # product listing run-on
        shoes = ["zapatillas running", "botas de montaña", "sandalias de playa", "zapatos de vestir"]
        who = ["hombre", "mujer", "niño"]
        colours = ["negro", "blanco", "azul", "rojo"]
        return ", ".join(f"ofertas {z} {w} {c} talla 42" for z in shoes for w in who for c in colours)
    raise ValueError(lang)


# ---------------------------------------------------------------------------
# Document layouts.  Items:
#   ("P", doc, k)    k-th paragraph of parallel document `doc`
#   ("U", name, k)   k-th paragraph of unrelated document `name`
#   ("DUPP",)        the duplicated parallel sentence (DUP_PARALLEL)
#   ("WRONG", k)     k-th wrong-language sentence
#   ("LONG",)        the long unpunctuated line
#   ("RAW",)         the Latin-1 line (Spanish file only)
#   ("BP", key)      boilerplate line
#   str              literal noise line (short lines, whitespace-only lines)
# Each document is (url, [items]); url is used for the JSONL file only.
# ---------------------------------------------------------------------------

def _bp(key):
    return ("BP", key)


LAYOUT: dict[str, list[tuple[str, list]]] = {
    "en": [
        ("https://riverside-post.example/town/library-reopens",
         [_bp("nav"), _bp("cookie"), ("P", "A", 0), "»", ("P", "A", 1), _bp("share"), _bp("copyright")]),
        ("https://riverside-post.example/sport/under-14-cup",
         [_bp("nav"), ("U", "football", 0), ("U", "football", 1), "OK", _bp("share"), _bp("copyright")]),
        ("https://riverside-post.example/food/rye-bread",
         [_bp("nav"), "Menu", ("P", "B", 0), ("P", "B", 1), ("P", "B", 2), _bp("share")]),
        ("https://riverside-post.example/town/farmers-market-moves",
         [_bp("cookie"), ("U", "market", 0), ("WRONG", 0), ("U", "market", 1), ("DUPP",), "   ",
          _bp("copyright")]),
        ("https://riverside-post.example/outdoors/ridge-trail-closed",
         [_bp("nav"), ("P", "C", 0), ("P", "C", 1), "1", "Login", _bp("share"), _bp("copyright")]),
        ("https://riverside-post.example/blog/fix-a-flat-tyre",
         [("U", "bicycle", 0), ("LONG",), ("U", "bicycle", 1), ("WRONG", 1), "\t"]),
        ("https://riverside-post.example/shop/returns",
         [_bp("cookie"), _bp("nav"), ("P", "E", 0), ("P", "E", 1), _bp("copyright")]),
    ],
    "de": [
        ("https://lindenauer-anzeiger.example/verkehr/brueckensperrung",
         [_bp("nav"), _bp("cookie"), ("U", "bridge", 0), ("WRONG", 0), ("U", "bridge", 1), _bp("share"),
          _bp("copyright")]),
        ("https://lindenauer-anzeiger.example/kultur/bibliothek-wiedereroeffnung",
         [_bp("nav"), ("P", "A", 0), ("P", "A", 1), ("P", "A", 2), "Anmelden", _bp("share"), _bp("copyright")]),
        ("https://lindenauer-anzeiger.example/wissen/komet-am-abendhimmel",
         [_bp("cookie"), "Menü", ("P", "D", 0), ("P", "D", 1), _bp("share")]),
        ("https://lindenauer-anzeiger.example/vereine/kirchenchor-jubilaeum",
         [_bp("nav"), ("U", "choir", 0), " ", ("U", "choir", 1), "»", _bp("copyright")]),
        ("https://lindenauer-anzeiger.example/rezepte/roggenbrot",
         [_bp("nav"), ("P", "B", 0), ("P", "B", 1), "OK", _bp("share"), _bp("copyright")]),
        ("https://lindenauer-anzeiger.example/ratgeber/heizenergie-sparen",
         [_bp("cookie"), ("U", "energy", 0), ("LONG",), ("U", "energy", 1), ("DUPP",), ("WRONG", 1), "2"]),
    ],
    "fr": [
        ("https://courrier-du-val.example/culture/bibliotheque-brandis-reouverture",
         [_bp("nav"), _bp("cookie"), ("P", "A", 0), ("P", "A", 1), _bp("share"), _bp("copyright")]),
        ("https://courrier-du-val.example/culture/festival-jazz-saint-aubin",
         [_bp("nav"), ("U", "jazz", 0), ("WRONG", 0), ("U", "jazz", 1), "Connexion", _bp("share")]),
        ("https://courrier-du-val.example/montagne/sentier-crete-ferme",
         [_bp("cookie"), ("P", "C", 0), ("P", "C", 1), "»", ("P", "C", 2), _bp("copyright")]),
        ("https://courrier-du-val.example/jardin/cultiver-tomates",
         [_bp("nav"), ("U", "garden", 0), "  ", ("U", "garden", 1), ("LONG",), _bp("share"),
          _bp("copyright")]),
        ("https://courrier-du-val.example/sciences/comete-visible",
         [_bp("nav"), "Menu", ("P", "D", 0), ("P", "D", 1), ("P", "D", 2), _bp("share"), _bp("copyright")]),
        ("https://courrier-du-val.example/education/cantine-vegetarienne",
         [_bp("cookie"), ("U", "canteen", 0), ("U", "canteen", 1), ("DUPP",), ("WRONG", 1), "OK", "3"]),
    ],
    "es": [
        ("https://diario-del-valle.example/montana/sendero-cresta-cerrado",
         [_bp("nav"), _bp("cookie"), ("P", "C", 0), ("P", "C", 1), _bp("share"), _bp("copyright")]),
        ("https://diario-del-valle.example/fiestas/san-roque",
         [_bp("nav"), ("U", "fiestas", 0), ("WRONG", 0), ("U", "fiestas", 1), "Menú", _bp("share"),
          _bp("copyright")]),
        ("https://diario-del-valle.example/tienda/devoluciones",
         [_bp("cookie"), ("P", "E", 0), ("P", "E", 1), ("P", "E", 2), "Acceder", _bp("copyright")]),
        ("https://diario-del-valle.example/movilidad/carril-bici",
         [_bp("nav"), ("U", "bikelane", 0), ("DUPP",), ("U", "bikelane", 1), "»", _bp("share")]),
        ("https://diario-del-valle.example/cultura/biblioteca-brandis",
         [_bp("nav"), ("P", "A", 0), "1", _bp("share"), _bp("copyright")]),
        ("https://diario-del-valle.example/cocina/talleres-verano",
         [_bp("cookie"), ("U", "cooking", 0), ("RAW",), ("U", "cooking", 1), ("LONG",), ("WRONG", 1), "OK",
          " \t "]),
    ],
}

OUTPUTS = {
    "en": "en/news.txt",
    "de": "de/crawl.txt.gz",
    "fr": "fr/crawl.jsonl",
    "es": "es/crawl.txt",
}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def parallel_paragraphs(doc: str, lang: str) -> list[list[str]]:
    sents = PARALLEL[doc][lang]
    sizes = PARAGRAPHS[doc][lang]
    assert sum(sizes) == len(sents), (doc, lang)
    out, i = [], 0
    for n in sizes:
        out.append(sents[i:i + n])
        i += n
    return out


def render(lang: str):
    """Return list of documents; each document is a list of
    (line: str | bytes, kind: str, expected_sentences: list[str] | None)."""
    docs = []
    for _url, items in LAYOUT[lang]:
        lines = []
        for it in items:
            if isinstance(it, str):
                lines.append((it, "short" if it.strip() else "blankish", None))
                continue
            tag = it[0]
            if tag == "P":
                sents = parallel_paragraphs(it[1], lang)[it[2]]
                lines.append((" ".join(sents), "parallel", sents))
            elif tag == "U":
                sents = UNRELATED[lang][it[1]][it[2]]
                lines.append((" ".join(sents), "unrelated", sents))
            elif tag == "DUPP":
                d, k = DUP_PARALLEL[lang]
                s = PARALLEL[d][lang][k]
                lines.append((s, "dup-parallel", [s]))
            elif tag == "WRONG":
                s = WRONG_LANG[lang][1][it[1]]
                lines.append((s, "wrong-lang", [s]))
            elif tag == "LONG":
                lines.append((_long_line(lang), "long", None))
            elif tag == "RAW":
                lines.append((LATIN1_LINE, "raw", None))
            elif tag == "BP":
                lines.append((BOILERPLATE[lang][it[1]], "boilerplate", None))
            else:
                raise ValueError(it)
        docs.append(lines)
    return docs


def to_plain_bytes(docs) -> bytes:
    buf = io.BytesIO()
    for di, lines in enumerate(docs):
        if di:
            buf.write(b"\n")  # one blank line between documents
        for line, _kind, _exp in lines:
            buf.write(line if isinstance(line, bytes) else line.encode("utf-8"))
            buf.write(b"\n")
    return buf.getvalue()


def to_jsonl_bytes(lang: str, docs) -> bytes:
    out = []
    for (url, _items), lines in zip(LAYOUT[lang], docs):
        assert all(isinstance(line, str) for line, _, _ in lines)
        text = "\n".join(line for line, _, _ in lines)
        out.append(json.dumps({"url": url, "text": text}, ensure_ascii=False))
    return ("\n".join(out) + "\n").encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    # filename="" and mtime=0 keep the header byte-identical across runs.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def gold_pairs(src: str, tgt: str) -> list[tuple[str, str]]:
    pairs = []
    for doc in sorted(PARALLEL):
        if src in PARALLEL[doc] and tgt in PARALLEL[doc]:
            pairs.extend(zip(PARALLEL[doc][src], PARALLEL[doc][tgt]))
    return pairs


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

_END = re.compile(r"[.!?]$")


def check_design(rendered) -> None:
    # 1:1 sentence correspondence and expected language distribution
    expected_langs = {"A": {"en", "de", "fr", "es"}, "B": {"en", "de"}, "C": {"en", "fr", "es"},
                      "D": {"de", "fr"}, "E": {"en", "es"}}
    for doc, by_lang in PARALLEL.items():
        assert set(by_lang) == expected_langs[doc], doc
        assert set(PARAGRAPHS[doc]) == set(by_lang), doc
        n = {len(v) for v in by_lang.values()}
        assert len(n) == 1 and 5 <= n.pop() <= 7, doc
    for lang in LANGS:
        # every parallel paragraph of every doc in this language is used exactly once
        used = [(it[1], it[2]) for _u, items in LAYOUT[lang] for it in items
                if isinstance(it, tuple) and it[0] == "P"]
        want = [(d, k) for d in sorted(PARALLEL) if lang in PARALLEL[d]
                for k in range(len(PARAGRAPHS[d][lang]))]
        assert sorted(used) == want, (lang, used, want)
        used_u = [(it[1], it[2]) for _u, items in LAYOUT[lang] for it in items
                  if isinstance(it, tuple) and it[0] == "U"]
        want_u = [(n, k) for n in UNRELATED[lang] for k in range(len(UNRELATED[lang][n]))]
        assert sorted(used_u) == sorted(want_u), lang
        assert 2 <= len(UNRELATED[lang]) <= 3
        for name, paras in UNRELATED[lang].items():
            assert 4 <= sum(map(len, paras)) <= 6, (lang, name)

    all_sents = []
    for lang in LANGS:
        content = [s for d in PARALLEL.values() for s in d.get(lang, [])]
        content += [s for doc in UNRELATED[lang].values() for p in doc for s in p]
        content += WRONG_LANG[lang][1]
        for s in content:
            assert _END.search(s), s
            assert "\t" not in s and "\n" not in s, s
            assert 6 <= len(s.split()) <= 30, (len(s.split()), s)
            for bad in ("Dr.", "z. B.", "etc.", "p.m.", "a.m.", "Nr.", "...", "…"):
                assert bad not in s, (bad, s)
            assert not re.search(r"\d\.", s), s  # no ordinals / decimals
        # apart from the intended generic duplicate, all content sentences are distinct
        uniq = [s for s in content if s != DUP[lang]]
        assert len(uniq) == len(set(uniq)), lang
        all_sents += content
    assert len(all_sents) - sum(1 for s in all_sents if s in DUP.values()) == \
        len(set(all_sents)) - len(DUP)

    for lang in LANGS:
        ll = _long_line(lang)
        assert len(ll) >= 1200 and not re.search(r"[.!?]", ll), (lang, len(ll))


def check_segmentation(rendered) -> bool:
    try:
        from sentencex import segment  # type: ignore
    except Exception:
        return False
    for lang, docs in rendered.items():
        for lines in docs:
            for line, kind, expected in lines:
                if expected is None:
                    continue
                seg_lang = WRONG_LANG[lang][0] if kind == "wrong-lang" else lang
                got = [s.strip() for s in segment(seg_lang, line) if s.strip()]
                assert got == expected, f"{lang}: segmentation mismatch\n got={got}\nwant={expected}"
    return True


def check_files(written: dict[str, bytes]) -> None:
    """Re-read the generated bytes and verify gold sentences appear verbatim."""
    texts = {}
    for lang, rel in OUTPUTS.items():
        data = written[rel]
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        if rel.endswith(".jsonl"):
            lines = []
            for raw in data.decode("utf-8").splitlines():
                obj = json.loads(raw)
                assert set(obj) == {"url", "text"} and obj["url"].startswith("https://")
                lines.extend(obj["text"].split("\n"))
        else:
            lines, bad = [], 0
            for raw in data.split(b"\n"):
                try:
                    lines.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    bad += 1
            assert bad == (1 if lang == "es" else 0), (lang, bad)
        texts[lang] = "\n".join(lines)
    for src, tgt in GOLD_PAIRS:
        for s, t in gold_pairs(src, tgt):
            assert s in texts[src] and t in texts[tgt], (s, t)
    for rel, data in written.items():
        assert len(data) < 20 * 1024, (rel, len(data))


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def main() -> None:
    rendered = {lang: render(lang) for lang in LANGS}
    check_design(rendered)
    seg_checked = check_segmentation(rendered)

    written: dict[str, bytes] = {}
    for lang, rel in OUTPUTS.items():
        docs = rendered[lang]
        if rel.endswith(".jsonl"):
            data = to_jsonl_bytes(lang, docs)
        else:
            data = to_plain_bytes(docs)
            if rel.endswith(".gz"):
                data = gzip_bytes(data)
        written[rel] = data
    for src, tgt in GOLD_PAIRS:
        rows = "".join(f"{s}\t{t}\n" for s, t in gold_pairs(src, tgt))
        written[f"gold/{src}-{tgt}.tsv"] = rows.encode("utf-8")

    check_files(written)

    for rel, data in written.items():
        path = HERE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    print("Files written:")
    for rel, data in written.items():
        print(f"  sample_data/{rel:<20} {len(data):>6} bytes")
    print("Sentences per language (content = parallel + unrelated, with duplicates;"
          " wrong-lang counted separately):")
    for lang in LANGS:
        kinds: dict[str, int] = {}
        lines = [line for doc in rendered[lang] for line in doc]
        for _l, kind, exp in lines:
            kinds[kind] = kinds.get(kind, 0) + (len(exp) if exp else 1)
        content = kinds.get("parallel", 0) + kinds.get("unrelated", 0) + kinds.get("dup-parallel", 0)
        print(f"  {lang}: {len(rendered[lang])} docs, {len(lines)} lines, {content} content sentences "
              f"({kinds.get('parallel', 0)} parallel, {content - kinds.get('parallel', 0)} unrelated/dup), "
              f"{kinds.get('wrong-lang', 0)} wrong-language, {kinds.get('boilerplate', 0)} boilerplate lines, "
              f"{kinds.get('short', 0)} short, {kinds.get('long', 0)} long, {kinds.get('raw', 0)} non-UTF-8")
    print("Gold pairs:")
    for src, tgt in GOLD_PAIRS:
        print(f"  {src}-{tgt}: {len(gold_pairs(src, tgt))}")
    print("sentencex segmentation check:", "passed" if seg_checked else "skipped (sentencex not installed)")


if __name__ == "__main__":
    main()

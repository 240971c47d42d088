"""Boilerplate rules: what they catch, and the sentences they must leave alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe_news import Block, BlockKind, Document, clean_document
from dedupe_news.boilerplate import (
    JOINED_LABEL,
    JOINED_MAX_WORDS,
    JOINED_RULE,
    Boilerplate,
    BoilerplateMatch,
    _macros,
    _word_trie,
    available_languages,
    rule_line,
    rules_for,
    rules_preferring,
    word_count,
)
from dedupe_news.model import Metadata
from tests.conftest import SEED

BOILERPLATE = [
    ("Advertisement", "ad-marker"),
    ("ADVERTISEMENT", "ad-marker"),
    ("Story continues below advertisement", "ad-marker"),
    ("Anzeige", "ad-marker"),
    ("Publicidad", "ad-marker"),
    ("Publicité", "ad-marker"),
    ("| Image:self", "image-caption"),
    ("(Image: AP)", "image-caption"),
    ("Photo: Reuters", "image-caption"),
    ("Foto: dpa", "image-caption"),
    ("Foto: EFE", "image-caption"),
    ("Crédit photo : AFP", "image-caption"),
    ("Updated March 24th, 2021 at 13:14 IST", "dateline"),
    ("Published March 24th, 2021 at 13:14 IST", "dateline"),
    ("Aktualisiert am 3. Mai 2024, 14:05 Uhr", "dateline"),
    ("Actualizado el 12 de marzo de 2024", "dateline"),
    ("Written By Jane Doe", "byline"),
    ("By Staff Reporter", "byline"),
    ("Von Anna Schmidt", "byline"),
    ("Por Juan Pérez", "byline"),
    ("(Reporting by Will Dunham; Editing by Tom Brown)", "reporting-credit"),
    ("ALSO READ: Markets slide as oil jumps", "teaser"),
    ("Read more", "teaser"),
    ("Tags", "teaser"),
    ("Related: The ten best budget phones", "teaser"),
    ("Lesen Sie auch: Neue Brücke für Verden", "teaser"),
    ("Lee también: El precio del aceite sube", "teaser"),
    ("Lire aussi : La grève continue", "teaser"),
    ("Share this article", "social-prompt"),
    ("Follow us on Twitter and Facebook", "social-prompt"),
    ("Síguenos en Twitter", "social-prompt"),
    ("Subscribe to our newsletter", "newsletter-prompt"),
    (
        "Sign up for our daily newsletter to get the best stories in your inbox.",
        "newsletter-prompt",
    ),
    ("© 2024 Example Wire. All rights reserved.", "copyright"),
    ("This article was originally published on Example.com.", "originally-published"),
    ("This article originally appeared in The Northern Review.", "originally-published"),
    (
        "A version of this article appears in print on Nov. 24, 2026, Section A, Page 1.",
        "originally-published",
    ),
    ("Dieser Artikel erschien zuerst in der gedruckten Ausgabe.", "originally-published"),
    ("Der Text ist zuerst in der Wochenendausgabe erschienen.", "originally-published"),
    ("Cet article est paru dans notre édition papier du 22 mai 2024.", "originally-published"),
    ("Este reportaje fue publicado en la edición impresa del domingo.", "originally-published"),
    ("Le 22 mai 2024 à 06:30 | mis à jour le 22 mai 2024 à 09:12", "dateline"),
    ("Associated Press writer Dana Whitcomb in Kansas City contributed to this report.", "byline"),
    ("Subscribe to Coastal Voices wherever you get your podcasts.", "social-prompt"),
    ("Publicidade", "ad-marker"),
    ("Leia também: Prefeitura anuncia novo calendário", "teaser"),
    ("Atualizado em 22 de janeiro de 2018 às 10:13", "dateline"),
    ("Pubblicità", "ad-marker"),
    ("Leggi anche: Il Comune approva il bilancio", "teaser"),
    ("Aggiornato il 3 aprile 2024 alle 14:05", "dateline"),
    ("Seguici su Facebook e Instagram", "social-prompt"),
    ("Iscriviti alla nostra newsletter per ricevere le notizie ogni mattina.", "newsletter-prompt"),
    ("Updated 16:42, 14 MAR 2024", "dateline"),
    ("Got a story? Email the newsdesk or message us on WhatsApp.", "social-prompt"),
    ("Comments have been disabled on this article for legal reasons.", "social-prompt"),
    ("Listen to this article", "social-prompt"),
    ("Save", "social-prompt"),
    ("Our Standards: The Thomson Reuters Trust Principles.", "originally-published"),
    (
        "This story was provided by Example Wire and has not been edited by Courier staff.",
        "originally-published",
    ),
    ("Mehr Sport aus der Region lesen Sie hier.", "teaser"),
    ("Sigue toda la información de economía en nuestro canal de WhatsApp.", "social-prompt"),
    ("Fotografia: Ricardo Castelo/Lusa", "image-caption"),
    ("Quer receber as notícias no seu e-mail? Subscreva a nossa newsletter.", "newsletter-prompt"),
    ("Com Lusa", "byline"),
    ("Advertentie", "ad-marker"),
    ("Lees ook: Kabinet wil meer geld naar defensie", "teaser"),
    ("Bijgewerkt op 12 maart 2024 om 14:05", "dateline"),
    ("Volg ons op Instagram en TikTok.", "social-prompt"),
    ("Priya Shah, Local Democracy Reporting Service", "byline"),
    ("Issue 148 | Friday 17 May 2024", "dateline"),
    ("Read our full match report: Kerr double sends Rovers top", "teaser"),
    ("Unsubscribe | Manage your preferences", "email-footer"),
    (
        "This article was written by Daniel Reyes and originally appeared on Ledgerline.",
        "originally-published",
    ),
    ("Share this obituary with friends and family on Facebook or by email.", "social-prompt"),
    ("Pressekontakt:", "social-prompt"),
    (
        "Diese Meldung wurde automatisch von der dpa übernommen und nicht bearbeitet.",
        "originally-published",
    ),
    ("Contact Jenna Morales at jmorales@courier.example or 765-555-0142.", "byline"),
    ("Forwarded this email? Subscribe here: https://briefing.example/join", "email-footer"),
    ("Teme Valley Briefing, 4 Bridge Street, Ludwell LW15 8AA", "email-footer"),
    ("Acme News, 1200 Main St., Suite 400, Springfield, IL 62701", "email-footer"),
    (
        "Folgen Sie dem Kurier auf Facebook und Instagram, damit Sie nichts verpassen.",
        "social-prompt",
    ),
    ("Zaragoza, 12/03/2025 - 19:40 h. Actualizada: 12/03/2025 - 21:05 h.", "dateline"),
    ("Archivado en: Cortes de Aragón, Vivienda, PP", "teaser"),
    ("Foto Andrea Sassi", "image-caption"),
    ("Associated Press writer Corinne Hale in Cheyenne, Wyoming, contributed.", "byline"),
    ("Europa Press", "byline"),
    ("Sigue leyendo: El Aurora Linares renueva a Nerea Casado hasta 2027", "teaser"),
    ("Par Hélène Garnier Publié le 3 mars 2025 à 18h02, modifié le 4 mars 2025 à 08h15", "byline"),
    ("Abonnez-vous à L'Écho du Grésivaudan : 1 € le premier mois", "newsletter-prompt"),
    ("FERRIES-STRIKE/CORRIN (UPDATE 1) Keywords: FERRIES, STRIKES", "wire-marker"),
    ("-- END --", "wire-marker"),
    ("MORE", "wire-marker"),
    ("(mit dpa)", "byline"),
    ("Mit Material von dpa und AFP", "byline"),
    (
        "Subscribe to Gadgetry Weekly for the best tech news and deals, every Friday.",
        "newsletter-prompt",
    ),
    ("Bekijk deze nieuwsbrief in je browser", "email-footer"),
    (
        "Je ontvangt deze e-mail omdat je je hebt aangemeld voor De Sportbrief. Afmelden kan hier.",
        "email-footer",
    ),
    ("Vond je deze Sportbrief de moeite waard? Deel hem met je teamgenoten!", "social-prompt"),
    ("Published: Oct. 15, 2025 at 6:41 PM EDT|Updated: 2 hours ago", "dateline"),
    ("Download the WKGV 9 News app to get breaking news alerts on your phone.", "social-prompt"),
    ("Follow @TidewaterLedger on X and Facebook for the latest storm updates.", "social-prompt"),
    ("Publicado a 19 out 2025, 18:47", "dateline"),
    ("Dieses Thema im Programm: NDR Info | Wissenschaft | 14.07.2025 | 19:30 Uhr", "teaser"),
    ("Vandaag, 08:14 · Bijgewerkt: 11:02", "dateline"),
    ("LEÓN, Gto.", "dateline"),
    ("Te recomendamos: Detienen en Silao a dos hombres con mercancía robada", "teaser"),
    ("Publié le 4 février 2025 à 10 h 32 | Mis à jour à 16 h 10", "dateline"),
    ("Partagez cet article", "social-prompt"),
    ("Journaliste à La Voix du Richelieu depuis 2019.", "byline"),
    ("A post shared by Kelsey Marr (@kelseymarr)", "social-prompt"),
    ("Jun 12, 2025 Updated Jun 13, 2025", "dateline"),
    (
        "Dana Pruitt covers business for the Courier. Reach her at dpruitt@courier.example.",
        "author-tagline",
    ),
    (
        "Thanks for reading Terrace Notes! Subscribe for free to receive new posts.",
        "newsletter-prompt",
    ),
    ("Themen: Hitze, Wetter, Wien, Niederösterreich", "teaser"),
    ("Topics: Databases, Cloud computing, Startups", "teaser"),
    ("Mots-clés : Nantes, festival, concerts", "teaser"),
    ("Galería: 12 fotos de Tomas Vaitkus con el Rytas Vilnius", "gallery-count"),
    ("Riproduzione riservata ©", "copyright"),
    ("Este artículo es exclusivo para suscriptores. Suscríbete desde 1 €.", "newsletter-prompt"),
    ("Spotted an error? Let us know.", "social-prompt"),
    ("¿Has visto un error? Escríbenos a correcciones@diario.example", "social-prompt"),
    ("Vous avez repéré une erreur ? Signalez-la à notre rédaction.", "social-prompt"),
    ("Hören Sie dazu auch die aktuelle Folge unseres Podcasts auf Spotify.", "social-prompt"),
    ("Get breaking news on your phone: download the Harbor Ledger app.", "social-prompt"),
    ("Campinas (SP)", "dateline"),
    ("Updated: Jan. 14, 2025 at 6:12 AM CST", "dateline"),
    ("Updated February 8, 2025 — 9.41am, first published at 6.05am", "dateline"),
    ("AAP", "byline"),
    ("Jetzt den WhatsApp-Kanal des Hohenfelder Anzeigers abonnieren!", "social-prompt"),
    ("Publié le 15/03/2025 à 18h02 Mis à jour le 15/03/2025 à 19h40", "dateline"),
    ("Partager l'article sur Facebook Partager l'article sur X", "social-prompt"),
    ("Cet article vous a plu ? Abonnez-vous pour lire tous nos articles.", "newsletter-prompt"),
    ("(ANSA) - BOLOGNA, 18 MAR", "dateline"),
    (
        "Ricevi le notizie di Sarzino e della Valdera su WhatsApp: iscriviti al nostro canale.",
        "social-prompt",
    ),
    ("Volg het weer en het verkeer live in de app van Dagblad De Polder.", "social-prompt"),
    ("Ontvang het laatste nieuws via WhatsApp.", "social-prompt"),
    ("Recevez l'actualité de Lausanne sur WhatsApp : rejoignez notre chaîne.", "social-prompt"),
    ("Get the latest Calder Valley news on WhatsApp: join our channel.", "social-prompt"),
    ("Forward this digest to a colleague who might find it useful.", "email-footer"),
    (
        "Kein Tor verpassen? Dann abonnieren Sie unseren kostenlosen Fußball-Newsletter.",
        "newsletter-prompt",
    ),
    ("MARKETS DIGEST | Tuesday, November 4, 2025", "bare-dateline"),
    ("THE CROSSWIND DAILY | Thursday, April 17, 2025 | Issue No. 812", "bare-dateline"),
    (
        "Veröffentlicht: 12.03.2025, 17:48 Uhr · Aktualisiert: 12.03.2025, 20:05 Uhr",
        "joined-stamps",
    ),
    ("Publié le 3 février 2025 à 18h12 – Mis à jour à 19h40", "joined-stamps"),
    ("Pubblicato il 7 luglio 2025 alle 09:12 · Tempo di lettura: 4 minuti", "joined-stamps"),
    ("14/09/2025 06h00 · Atualizado há 2 horas", "joined-stamps"),
    ("Mis à jour il y a 2 heures", "dateline"),
    ("Actualizado hace 3 horas", "dateline"),
    ("Aggiornato 2 ore fa", "dateline"),
    ("Aktualisiert vor 2 Stunden", "dateline"),
    ("Bijgewerkt 2 uur geleden", "dateline"),
    ("Laatste update: 14 april 2025, 17.42 uur", "dateline"),
    (
        "Keine Nachrichten aus dem Kreis verpassen? Folgen Sie dem Kreisblatt auf WhatsApp.",
        "social-prompt",
    ),
    ("📲 Síguenos en WhatsApp y recibe las noticias de Valdemora en tu móvil.", "social-prompt"),
    ("📱 Receba as notícias do Jornal do Vale no WhatsApp. Entre no nosso canal.", "social-prompt"),
    (
        "Download de app van Dagblad Midden en krijg een melding bij nieuwe updates.",
        "social-prompt",
    ),
    ("Leggi anche Marta Rinaldi: «Riempio gli stadi senza passare dalla radio»", "teaser"),
    ("Lees ook De gemeente wil meer fietsparkeerplekken", "teaser"),
    ("PRESENTED BY AEROPOINT REWARDS", "ad-marker"),
    ("View in browser", "email-footer"),
    ("Foto: Testhaus / K. Brandt", "image-caption"),
    ("3 / 12", "gallery-count"),
    ("Compartir: Facebook · X · WhatsApp · Correo", "share-bar"),
    ("14 maggio 2025 (modifica il 14 maggio 2025 | 18:20)", "dateline"),
    ("Subscribe on Apple Podcasts | Spotify | YouTube", "social-prompt"),
    (
        "Rate and review The Brief on Apple Podcasts — it helps listeners find the show.",
        "social-prompt",
    ),
    ("Share this episode", "social-prompt"),
    ("Hosted by Dana Whitfield", "byline"),
    ("Read the full transcript", "teaser"),
    ("Opublikowano: 14.03.2025, 08:15 | Aktualizacja: 14.03.2025, 11:40", "dateline"),
    ("Czas czytania: 3 min", "dateline"),
    ("Fot. Marek Nowicki / Gazeta Lesznowska", "image-caption"),
    ("Czytaj także: Nowe tramwaje dla Lesznowa", "teaser"),
    (
        "Zapisz się na nasz newsletter i otrzymuj wiadomości prosto na swoją skrzynkę.",
        "newsletter-prompt",
    ),
    ("Reklama", "ad-marker"),
    (
        "(Reporting by Priya Natarajan in Chicago; additional reporting by Tom Berger in Denver;"
        " Editing by Alan Quist)",
        "reporting-credit",
    ),
    # Golden round 18
    ("Listen to this article · 4 min", "social-prompt"),
    ("Was this article helpful? Yes No", "social-prompt"),
    ("View comments (12)", "social-prompt"),
    ("Got a money story? Email us at money@example.co.uk", "social-prompt"),
    (
        "Support independent local news. Donate today to keep stories like this free.",
        "social-prompt",
    ),
    ("Escuche este artículo", "social-prompt"),
    ("Ver comentarios (3)", "social-prompt"),
    ("REDACCIÓN POLÍTICA", "byline"),
    ("*Con información de Colprensa", "originally-published"),
    ("Écouter cet article · 4 min", "social-prompt"),
    ("Voir les commentaires (7)", "social-prompt"),
    ("Cet article vous a été utile ? Suivez-nous sur Google Actualités.", "social-prompt"),
    ("Photo d'illustration. © Maxppp / Léa Fontanel", "image-caption"),
    (
        "Pariez sur tous les matchs et recevez 100 € de bonus. Jouer comporte des risques.",
        "betting-ad",
    ),
    ("Ascolta l'articolo", "social-prompt"),
    ("Artikel anhören", "social-prompt"),
    ("War dieser Artikel hilfreich? Ja Nein", "social-prompt"),
    ("Ouça este artigo", "social-prompt"),
    ("Luister naar dit artikel", "social-prompt"),
    ("Masz dla nas temat? Napisz do nas: redakcja@example.pl", "social-prompt"),
    # Chinese, Japanese, Korean
    ("廣告", "ad-marker"),
    ("（记者 陈思远 通讯员 林晓蕾）", "byline"),
    ("記者林家豪／雲川報導", "byline"),
    ("责任编辑：周文斌", "byline"),
    ("来源：新华网", "byline"),
    ("▲防疫人員在巷弄進行戶外噴藥。（圖／記者林家豪攝）", "image-caption"),
    ("►延伸閱讀：登革熱不只是發燒", "teaser"),
    ("版权所有 © 2025 临澜日报社", "copyright"),
    ("広告", "ad-marker"),
    ("（聞き手・秋田支局 田中美咲）", "byline"),
    ("関連記事：市バス路線を再編へ", "teaser"),
    ("写真：共同", "image-caption"),
    ("박지훈 기자 jhpark@example.co.kr", "byline"),
    ("<저작권자 © 한빛일보, 무단전재 및 재배포 금지>", "copyright"),
    ("지난 21일 밤 심야버스가 운행하고 있다. [한빛시 제공]", "image-caption"),
    ("입력 2025.03.04 10:15 | 수정 2025.03.04 11:02", "dateline"),
    # Russian, Ukrainian, Turkish, Indonesian, Swedish, Arabic
    ("Реклама", "ad-marker"),
    ("Фото: пресс-служба Законодательного собрания", "image-caption"),
    ("Читайте также: В Сосновске с 1 декабря подорожает проезд", "teaser"),
    ("Беседовала Анна Смирнова", "byline"),
    ("Подписывайтесь на наш канал в Telegram, чтобы не пропускать новости.", "social-prompt"),
    ("Опубликовано: 12 марта 2025, 10:15", "dateline"),
    ("Читайте також: Громада отримає три нові шкільні автобуси", "teaser"),
    ("Підписуйтесь на наш Telegram-канал, щоб першими дізнаватися новини.", "social-prompt"),
    ("Emre KALKAN/KIZILYAKA, (DHA)", "byline"),
    ("İlgili Haberler", "teaser"),
    ("Güncelleme: 12 Mart 2025 10:15", "dateline"),
    ("Baca Juga: Puskesmas Kini Buka hingga Malam", "teaser"),
    ("Penulis: Rina Hapsari | Editor: Dimas Prakoso", "byline"),
    ("ADVERTISEMENT", "ad-marker"),
    ("Läs också: Idrottshallen får nytt golv efter vattenskadan", "teaser"),
    ("Publicerad 12 mars 2025 kl. 10.15", "dateline"),
    ("Foto: Johan Nilsson/TT", "image-caption"),
    ("اقرأ أيضا: بلدية النخيلة تطلق تطبيقا إلكترونيا", "teaser"),
    ("المصدر: وكالة الأنباء الوطنية", "byline"),
    ("إعلان", "ad-marker"),
    # Golden round 20
    ("MORE NEWS: Noosa ratepayers hit with 4.8pc rise", "teaser"),
    ("MORE ON RURAL BRITAIN: The hamlet where the bus comes once a week", "teaser"),
    ("Read related topics: Sunshine Coast", "teaser"),
    ("Most Read from Bloomberg", "teaser"),
    ("EXCLUSIVE", "teaser"),
    ("--With assistance from Priya Malhotra.", "reporting-credit"),
    ("Supplied", "image-caption"),
    ("FOR IMMEDIATE RELEASE", "wire-marker"),
    ("SOURCE Keller Coachworks, Inc.", "wire-marker"),
    ("(Updates with analyst comment in ninth paragraph.)", "wire-marker"),
    ("Do you have a story to share? Email us at newsdesk@example.co.uk", "social-prompt"),
    ("Submit your event at example.com/calendar at least 10 days in advance.", "social-prompt"),
    (
        "Local news matters. Subscribe to the Leader-Herald today for just $1 a week.",
        "subscribe-appeal",
    ),
    ("Photos and video B-roll of the bus are available at example.com/media.", "social-prompt"),
    ("An artist's impression of the proposed hotel. Picture: Supplied", "caption-credit"),
    ("Locals queued outside the branch on Monday (Image: Wales News Service)", "caption-credit"),
    ("The sheriff discusses the arrests. (Source: WKCV)", "caption-credit"),
    (
        "This press release contains forward-looking statements within the meaning of the "
        "Private Securities Litigation Reform Act of 1995. Actual results may differ.",
        "forward-looking",
    ),
    ("Legende: Rund 20'000 Kubikmeter Fels sind auf die Strasse gestürzt. Keystone", "caption"),
    ("Box aufklappen Box zuklappen", "social-prompt"),
    ("Regionaljournal Graubünden, 14.10.2025, 17:30 Uhr; sda/cami", "dateline"),
    # Golden round 21
    ("Did you make this recipe? Tag @saltandsorrel on Instagram", "social-prompt"),
    ("Media contact: Jordan Abernathy, University Communications, 555-0142", "social-prompt"),
    ("2.3K Followers", "social-prompt"),
    ("Follow", "social-prompt"),
    ("Price when reviewed: $179", "social-prompt"),
    ("Get product news and tips delivered to your inbox every other Tuesday.", "newsletter-prompt"),
    (
        "Sign up to discover human stories that deepen your understanding of the world.",
        "newsletter-prompt",
    ),
    ("Posted in: Product Updates", "teaser"),
    ("About the author", "author-bio"),
]

ARTICLE_TEXT = [
    "Advertisement hoardings around the ground were covered before kick-off.",
    "Anzeige gegen den Bürgermeister wurde am Montag erstattet, teilte die Polizei mit.",
    "Published in 2022, the report found that most councils had cut spending.",
    "Read more widely, the data suggest a slower recovery than expected.",
    "By the time the firefighters arrived, the roof had collapsed.",
    "More than 200 people were evacuated from the building on Tuesday.",
    "Photographs of the scene show a car lying on its side near the bridge, its windows smashed.",
    "Share prices fell sharply after the announcement.",
    "Tags on the animals showed that they travelled further than expected.",
    "Follow-up tests confirmed the diagnosis a week later.",
    "North Korea fired multiple short-range missiles this past weekend.",
    "This story was first told to me by my grandmother, who heard it from a neighbour.",
    "This article is about the election in Ohio and what it means for the race.",
    "Le 22 mai 2024, les députés ont adopté le texte en première lecture.",
    "Der Artikel erschien in einer Zeit, in der die Stadt über den Neubau stritt.",
    "This story ran in the family for generations, and my grandmother told it to everyone.",
    "Cet article est paru dans Le Monde en 1968 et a fait scandale dans tout le pays.",
    "El artículo fue publicado en 2019 y provocó una fuerte polémica en el Congreso.",
    "Residents who contributed to the fund said they were relieved.",
    "Di fronte alla crisi, il sindaco ha convocato il consiglio comunale.",
    "Por causa da chuva, a corrida foi adiada para domingo.",
    "A publicidade da marca foi retirada do ar após as críticas.",
    "La pubblicità del nuovo prodotto è stata ritirata dopo le proteste.",
    "Got a story out of the mayor at last, the reporter said.",
    "Listen to this: the council wants to close the library.",
    "Save for a few clouds, the weekend will be dry and warm.",
    "Mehr als 200 Menschen lesen Sie hier nicht, sagte der Verleger.",
    "Com a Lusa, a agência assinou um acordo de cooperação em 2019.",
    "Our standards of care fell short, the hospital's chief executive admitted.",
    "Door de storm vielen in het hele land bomen om.",
    "Bron van zorg blijft de stijgende zeespiegel, zei de minister.",
    "Smith, the reporter who broke the story, said he was stunned.",
    "Contact the council at its offices on Main Street before Friday.",
    "He lives at 4 Bridge Street, Ludwell LW15 8AA, with his wife and two sons.",
    "Police said the car, 2 metres long, hit the wall in Leeds LS1 4AP.",
    "The Guildhall, 12 High Street, Ludwell",
    "Folgen Sie der Spur des Geldes auf Seite drei, rät der Autor.",
    "Foto ricordo con il sindaco prima della partita.",
    "Many residents contributed.",
    "COVID-19",
    "Par ailleurs, le maire a publié le 3 mars 2025 un communiqué.",
    "More than half of the members voted against the plan.",
    "Subscribe to the idea that markets are always right and you will lose money.",
    "Mit dpa-Material ergänzte die Redaktion den Bericht am Abend.",
    "Bekijk de uitslagen van alle wedstrijden hieronder.",
    "Get the latest on the app market from our reporters.",
    "Follow the money on Xanadu island, investigators said.",
    "El PAN, Morena y el PRI votaron a favor.",
    "Journaliste à Libération depuis 2010, elle a couvert trois élections présidentielles.",
    "Thanks for reading the small print, the judge told the jury.",
    "The mayor covers the cost herself. Reach out to her office for details.",
    "Die Themen des Abends waren Hitze und Verkehr.",
    "Wer hört heute noch Radio, fragt der Sender.",
    "The gallery showed 12 photos by the late photographer.",
    "Lula (PT) venceu em São Paulo.",
    "AP officials said the vote was fair.",
    "Cet article vous a plu, mais il a aussi déplu à beaucoup de lecteurs.",
    "De provincie volgt de situatie in de app van Rijkswaterstaat nauwlettend.",
    "Police said the suspects received instructions on WhatsApp from a handler abroad.",
    "Results | Saturday's matches were all postponed because of the storm.",
    "The council will forward the complaint to a colleague in the planning department.",
    "The report – published on Tuesday – found that most councils had cut spending.",
    "Leggi anche il rapporto dell'Istat, che conferma il calo dei consumi.",
    "Mis à jour à la demande du ministère, le plan prévoit 300 lits de plus.",
    "The festival, presented by the city council, drew 40,000 visitors over three days.",
    "Foto: Die Polizei sucht Zeugen. Hinweise nimmt jede Dienststelle entgegen.",
    "Fotografia przedstawia most na Wiśle, który otwarto w 1912 roku.",
    "Listen to the governor's speech on the radio tomorrow at nine.",
    "Hosted by the city since 1998, the fair drew 40,000 visitors this year.",
    "Amazon cut affiliate commission rates for its partners last year, squeezing small publishers.",
    "Redacción de la ley",
    "Support for local news outlets has fallen in every county surveyed since 2019.",
    "The council voted to view comments from residents before the deadline on Friday.",
    "国家统计局发布数据显示，10月份全国规模以上工业增加值同比增长5.6%。",
    "记者在现场看到，救援人员正在清理道路。",
    "東京都は4日、新たな防災計画を発表した。",
    "한빛시는 다음 달부터 심야버스 2개 노선을 운행한다고 밝혔다.",
    "Реклама на остановках обойдётся городу в два миллиона рублей в год.",
    "Подробнее о проекте депутаты узнают на заседании в четверг.",
    "ANKARA (AA) - Türkiye'de enflasyon mart ayında yüzde 3 geriledi.",
    "Baca juga laporan keuangan yang dirilis perusahaan pada Senin pekan lalu.",
    "Annonsen publicerades i lokaltidningen förra veckan och väckte stor uppmärksamhet.",
    "المصدر الرئيسي للمياه في المدينة هو محطة التحلية الجديدة التي افتتحت أمس.",
    "The exclusive interview aired on Sunday night and drew 2 million viewers.",
    "Supplied with water by the new plant, the district will grow by a third.",
    "Subscribers to the service were told on Monday that prices will rise in March.",
    "Police said the source of the fire was a heater in the kitchen of the flat.",
    "Submitting a tax return late costs a £100 fine, the agency said in a statement.",
    "Followers of the movement gathered outside the court on Tuesday morning.",
    "Media contacts with the minister were cut after the interview aired in May.",
    "About the author of the letter, police would say only that he was 34.",
]


@pytest.mark.parametrize(("line", "rule"), BOILERPLATE)
def test_boilerplate_line_matches_its_rule(line: str, rule: str) -> None:
    match = rules_for(None).match(line)
    assert match is not None, line
    assert match.rule.split("/")[1] == rule
    assert match.label


@pytest.mark.parametrize("line", ARTICLE_TEXT)
def test_article_sentences_are_not_boilerplate(line: str) -> None:
    assert rules_for(None).match(line) is None


def test_dateline_and_byline_carry_metadata() -> None:
    rules = rules_for(None)
    dateline = rules.match("Updated March 24th, 2021 at 13:14 IST")
    assert dateline is not None and dateline.date is not None and "2021" in dateline.date
    byline = rules.match("Written By Jane Doe")
    assert byline is not None and byline.author == "Jane Doe"


def test_every_bundled_language_has_named_rules() -> None:
    languages = available_languages()
    assert {"en", "de", "es", "fr"} <= set(languages)
    for language in languages:
        rules = rules_for(language)
        names = [r.name for r in rules.rules if r.language == language]
        assert names and len(names) == len(set(names))


def test_one_language_only_uses_its_own_rules() -> None:
    assert rules_for("de").match("Anzeige") is not None
    assert rules_for("en").match("Anzeige") is None


def _rule_by_rule(rules: Boilerplate, text: str) -> BoilerplateMatch | None:
    """``match`` without the combined alternations: each rule in turn."""
    line = rule_line(text)
    words = word_count(line)
    if not line or words > max(r.max_words for r in rules.rules):
        return None
    for rule in rules.rules:
        if words <= rule.max_words and (matched := rule.fullmatch(line)) is not None:
            groups = matched.groupdict()
            return BoilerplateMatch(
                rule.qualified_name, rule.label, groups.get("date"), groups.get("author")
            )
    return rules.date_line(line) or _joined_piece_by_piece(rules, line, words)


def _joined_piece_by_piece(rules: Boilerplate, line: str, words: int) -> BoilerplateMatch | None:
    pieces = re.split(r"\s+[·|•–—]\s+", line)
    if words > JOINED_MAX_WORDS or len(pieces) < 2 or not re.search(r"\d", line):
        return None
    found = [_rule_by_rule(rules, piece) for piece in pieces]
    if not all(found):
        return None
    return BoilerplateMatch(
        JOINED_RULE,
        JOINED_LABEL,
        next((m.date for m in found if m is not None and m.date), None),
        next((m.author for m in found if m is not None and m.author), None),
    )


# Lines of every length around the rules' word limits, boilerplate or not.
_FILLER = "and the council said more on the plan today".split()
PADDED = [
    f"{line} {' '.join((_FILLER * 5)[:extra])}".strip()
    for line in [b for b, _ in BOILERPLATE] + ARTICLE_TEXT[:4]
    for extra in (0, 3, 9, 14, 19, 24, 29, 38, 44)
]


@pytest.mark.parametrize("language", [None, "en", "de", "pt"])
def test_match_is_the_first_rule_allowing_the_length(language: str | None) -> None:
    seed = [p for p in SEED.read_text("utf-8").split("\n\n") if p.strip()]
    lines = [b for b, _ in BOILERPLATE] + ARTICLE_TEXT + PADDED + seed
    for rules in (rules_for(language), rules_preferring(language)):
        assert [rules.match(line) for line in lines] == [
            _rule_by_rule(rules, line) for line in lines
        ]


def test_a_label_value_spans_short_lines_and_the_author_line_is_a_byline() -> None:
    lines = [
        "The new storage plant opens on Monday, the company said in a statement.",
        "Pressekontakt:",
        "Julia Hartmann",
        "Telefon: +49 40 555 0123",
        "Ein Satz, der wieder Text ist und mit einem Punkt endet.",
    ]
    blocks = tuple(Block(t, BlockKind.PARAGRAPH) for t in ["Sergi Pujadas", *lines])
    document = Document(source="x", metadata=Metadata(author="Sergi Pujadas"), blocks=blocks)
    rules = [v.removal.rule if v.removal else None for v in clean_document(document).verdicts]
    assert rules == [
        "common/author-line",
        None,
        "de/social-prompt",
        "common/label-value",
        "common/label-value",
        None,
    ]


def _rules_of(blocks: list[tuple[str, BlockKind]]) -> list[str | None]:
    document = Document(
        source="x", metadata=Metadata(), blocks=tuple(Block(t, k) for t, k in blocks)
    )
    return [v.removal.rule if v.removal else None for v in clean_document(document).verdicts]


LEAD_TEXT = (
    "The Alder Street footbridge will close on Monday for six weeks while engineers "
    "replace its corroded steel deck, the county council confirmed."
)
BODY_TEXT = (
    "An inspection in March found rust through more than a third of the deck plates, "
    "and the council's highways manager said it could not wait until autumn."
)


def test_a_heading_whose_whole_section_went_with_a_copy_goes_too() -> None:
    paragraph, heading = BlockKind.PARAGRAPH, BlockKind.HEADING
    rules = _rules_of(
        [
            (LEAD_TEXT, paragraph),
            (BODY_TEXT, paragraph),
            ("IN CASE YOU MISSED IT", paragraph),
            (LEAD_TEXT, paragraph),
            ("Unsubscribe: https://briefing.example/u/7d21ac", paragraph),
        ]
    )
    assert rules == [None, None, "common/orphan-label", "exact", "en/email-footer"]
    # Over boilerplate alone, or over text that stays, a heading stays.
    assert _rules_of(
        [(LEAD_TEXT, paragraph), ("Analysis", heading), ("Advertisement", paragraph)]
    ) == [None, None, "en/ad-marker"]
    assert _rules_of(
        [
            (LEAD_TEXT, paragraph),
            ("Analysis", heading),
            (LEAD_TEXT, paragraph),
            (BODY_TEXT, paragraph),
        ]
    ) == [None, None, "exact", None]
    # One copy alone after the last line, or after a line of a list, is a
    # copy put at the end: the line before it stays.
    assert _rules_of([(LEAD_TEXT, paragraph), ("Analysis", heading), (LEAD_TEXT, paragraph)]) == [
        None,
        None,
        "exact",
    ]
    results = [
        ("1. Hiwot Desta (ETH) 2:22:10", paragraph),
        ("2. Laura Engström 2:23:48", paragraph),
    ]
    assert _rules_of(
        [(LEAD_TEXT, paragraph), *results, (LEAD_TEXT, paragraph), ("Advertisement", paragraph)]
    ) == [None, None, None, "exact", "en/ad-marker"]


STAMP = "Updated February 8, 2025 at 9:41 AM"


def test_a_name_or_place_among_the_header_stamps_is_part_of_the_header() -> None:
    paragraph, heading = BlockKind.PARAGRAPH, BlockKind.HEADING
    residue = "common/header-residue"
    # Author and place as lines of their own above the stamp.
    assert _rules_of(
        [
            ("Marta Echevarría | Valladolid", paragraph),
            ("Santander", paragraph),
            (STAMP, paragraph),
            (LEAD_TEXT, paragraph),
        ]
    ) == [residue, residue, "en/dateline", None]
    # Plain text guesses its top lines are headings; a name there counts too.
    assert _rules_of([("Tom Reddy", heading), (STAMP, heading), (LEAD_TEXT, paragraph)]) == [
        residue,
        "en/dateline",
        None,
    ]
    # A place in capitals right under the byline, no stamp below it.
    assert _rules_of(
        [("By Francesca Moretti", paragraph), ("ROME", paragraph), (LEAD_TEXT, paragraph)]
    ) == ["en/byline", residue, None]


def test_labels_and_lines_below_the_header_are_not_header_residue() -> None:
    paragraph, heading, item = BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM
    # No stamp below: a label over the text, or a kicker, stays.
    assert _rules_of([(STAMP, paragraph), ("Key Points", paragraph), (LEAD_TEXT, item)]) == [
        "en/dateline",
        None,
        None,
    ]
    # Capitals under another kind of boilerplate head a section.
    assert _rules_of(
        [
            ("Forwarded this email? Subscribe here: https://x.example/join", paragraph),
            ("THE BIG STORY", paragraph),
            (LEAD_TEXT, paragraph),
        ]
    ) == ["en/email-footer", None, None]
    # Lower-case words are a label, not a name; after the lead nothing is header.
    assert _rules_of([("Our verdict", paragraph), (STAMP, paragraph), (LEAD_TEXT, paragraph)]) == [
        None,
        "en/dateline",
        None,
    ]
    assert _rules_of([(LEAD_TEXT, paragraph), ("Jessica Moran", heading), (STAMP, paragraph)]) == [
        None,
        None,
        "en/dateline",
    ]


def test_a_label_over_a_list_heads_the_list_only() -> None:
    paragraph, heading, item = BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM
    body = "The council will pay for the work from its road maintenance budget this year."
    rules = _rules_of(
        [
            ("Key points", heading),
            (LEAD_TEXT, item),
            (BODY_TEXT, item),
            ("This page contains affiliate links; we may earn a commission.", paragraph),
            (LEAD_TEXT, paragraph),
            (BODY_TEXT, paragraph),
            (body, paragraph),
        ]
    )
    # Both bullets restate the text and go; the kept disclosure after the
    # list is not under the label, which is left over nothing.
    assert rules == ["common/orphan-label", "exact", "exact", None, None, None, None]


_WORDS = st.text(alphabet="abcçé-", min_size=1, max_size=6)


@given(
    words=st.lists(_WORDS, min_size=1, max_size=12, unique=True),
    probe=st.text("abcçé-x", max_size=8),
)
def test_prefix_factored_word_list_matches_what_the_plain_alternation_does(
    words: list[str], probe: str
) -> None:
    factored = re.compile(_word_trie(words) + r"\Z", re.IGNORECASE)
    plain = re.compile("(?:" + "|".join(map(re.escape, words)) + r")\Z", re.IGNORECASE)
    for candidate in (probe, *words, *(w[:-1] for w in words), *(w.upper() for w in words)):
        assert bool(factored.match(candidate)) == bool(plain.match(candidate))


def test_every_language_month_list_is_prefix_factored() -> None:
    month = _macros(available_languages())["month"]
    assert month.startswith("(?:") and "|january|" not in month
    assert re.fullmatch(month, "Septiembre", re.IGNORECASE)
    assert re.fullmatch(month, "sept", re.IGNORECASE)
    assert not re.fullmatch(month, "septx", re.IGNORECASE)


def test_a_rule_that_requires_a_phrase_is_tried_only_on_lines_holding_it() -> None:
    rules = rules_for("fr")
    (betting,) = (r for r in rules.rules if r.name == "betting-ad")
    assert betting.requires == ("jouer comporte des risques",)
    ad = "Pariez sur tous les matchs et recevez 100 € de bonus. JOUER COMPORTE DES RISQUES."
    match = rules.match(ad)
    assert match is not None and match.rule == "fr/betting-ad"
    # Every pattern holds the phrase, so skipping lines without it loses nothing.
    for pattern in betting.patterns:
        assert betting.requires[0] in pattern.pattern.casefold()
    assert rules.match("Les risques du jeu en ligne inquiètent les autorités de santé.") is None


def test_a_read_more_label_takes_the_list_of_headlines_under_it_only() -> None:
    para, item = BlockKind.PARAGRAPH, BlockKind.LIST_ITEM
    rules = _rules_of(
        [
            (LEAD_TEXT, para),
            ("Most Read from Bloomberg", para),
            ("Treasury Yields Climb as Traders Pare Bets on December Rate Cut", item),
            ("Copper Rallies as Chilean Mine Strike Enters Third Week", item),
            ("The bridge carries about 4,000 pedestrians a day, the council said.", para),
            ("Key dates", para),
            ("Closure begins on Monday", item),
        ]
    )
    assert rules == [
        None,
        "en/teaser",
        "common/teaser-list",
        "common/teaser-list",
        None,
        None,
        None,
    ]


def test_the_bio_under_an_about_the_author_label_goes_with_it() -> None:
    para, heading = BlockKind.PARAGRAPH, BlockKind.HEADING
    bio = "Priya Venkataraman is a former school office manager. She writes about family logistics."
    rules = _rules_of(
        [
            (LEAD_TEXT, para),
            ("About the author", heading),
            (bio, para),
            ("Related reading", heading),
            ("The footbridge first opened in 1911 and was last repaired in 1987.", para),
        ]
    )
    assert rules == [None, "en/author-bio", "common/author-bio", None, None]

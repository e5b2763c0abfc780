<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>CaseRow</name>
    <message>
        <source>Case %1 (not verified)</source>
        <translation>Zaak %1 (niet gecontroleerd)</translation>
    </message>
    <message>
        <source>INTEGRITY FAILURE</source>
        <translation>INTEGRITEITSFOUT</translation>
    </message>
    <message>
        <source>new</source>
        <translation>nieuw</translation>
    </message>
    <message>
        <source>Changed since you last opened it here.</source>
        <translation>Gewijzigd sinds je haar hier het laatst opende.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::AccountPage</name>
    <message>
        <source>Your name and passphrase</source>
        <translation>Je naam en wachtwoordzin</translation>
    </message>
    <message>
        <source>Your passphrase protects your keys on this computer. Nobody can reset it: write it down somewhere safe.</source>
        <translation>Je wachtwoordzin beschermt je sleutels op deze computer. Niemand kan hem herstellen: schrijf hem op en bewaar hem op een veilige plek.</translation>
    </message>
    <message>
        <source>e.g. bram</source>
        <translation>bijv. bram</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Gebruikersnaam</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Wachtwoordzin</translation>
    </message>
    <message>
        <source>&amp;Repeat passphrase</source>
        <translation>Wachtwoordzin &amp;herhalen</translation>
    </message>
    <message>
        <source>&amp;Found the organisation</source>
        <translation>&amp;Organisatie oprichten</translation>
    </message>
    <message>
        <source>&amp;Ask to join</source>
        <translation>&amp;Aanmelden</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same passphrase twice.</source>
        <translation>De twee wachtwoordzinnen verschillen. Typ twee keer dezelfde wachtwoordzin.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ApproveMemberDialog</name>
    <message>
        <source>Approve %1</source>
        <translation>%1 goedkeuren</translation>
    </message>
    <message>
        <source>Approve a member</source>
        <translation>Een lid goedkeuren</translation>
    </message>
    <message>
        <source>Call %1 on a number you know is theirs and have them read out the fingerprint their client showed when they asked to join. Type it here: only when it matches the keys of the request is %1 approved.</source>
        <translation>Bel %1 op een nummer waarvan je zeker weet dat het van hem of haar is, en laat de vingerafdruk voorlezen die de client toonde bij de aanmelding. Typ die hier: %1 wordt alleen goedgekeurd als hij klopt met de sleutels van de aanmelding.</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Problem with the role</source>
        <translation>Probleem met de rol</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rol:</translation>
    </message>
    <message>
        <source>Fingerprint as the member reads it</source>
        <translation>Vingerafdruk zoals het lid hem voorleest</translation>
    </message>
    <message>
        <source>12345 67890 ...</source>
        <translation>12345 67890 ...</translation>
    </message>
    <message>
        <source>Problem with the fingerprint</source>
        <translation>Probleem met de vingerafdruk</translation>
    </message>
    <message>
        <source>&amp;Fingerprint as read out:</source>
        <translation>&amp;Vingerafdruk zoals voorgelezen:</translation>
    </message>
    <message>
        <source>Earlier key of this name</source>
        <translation>Eerdere sleutel bij deze naam</translation>
    </message>
    <message>
        <source>I checked by phone that this is the same person: replace the earlier &amp;key</source>
        <translation>Ik heb telefonisch gecontroleerd dat het dezelfde persoon is: de &amp;eerdere sleutel vervangen</translation>
    </message>
    <message>
        <source>Confirm the new key</source>
        <translation>Nieuwe sleutel bevestigen</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Probleem</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Goedkeuren</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Goedkeuren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>%1

This client knew another key for %2.
Earlier key:  %3
New key:      %4

Approve only when you are sure it is the same person (for example: they lost their passphrase and asked to join again).</source>
        <translation>%1

Deze client kende een andere sleutel voor %2.
Eerdere sleutel:  %3
Nieuwe sleutel:   %4

Keur alleen goed als je zeker weet dat het dezelfde persoon is (bijvoorbeeld: hij of zij is de wachtwoordzin kwijt en heeft zich opnieuw aangemeld).</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(onbekend)</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::AssignTaskDialog</name>
    <message>
        <source>Assign the task</source>
        <translation>Taak toewijzen</translation>
    </message>
    <message>
        <source>&amp;Assign to:</source>
        <translation>&amp;Toewijzen aan:</translation>
    </message>
    <message>
        <source>Choose the member to give the task to.</source>
        <translation>Kies het lid dat de taak krijgt.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::AuditCheckDialog</name>
    <message>
        <source>Check the audit log</source>
        <translation>Auditlog controleren</translation>
    </message>
    <message>
        <source>Result of the audit log check</source>
        <translation>Resultaat van de controle van het auditlog</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Wat je doet</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>&amp;Opnieuw controleren</translation>
    </message>
    <message>
        <source>Check the audit log again</source>
        <translation>Het auditlog opnieuw controleren</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Checking the audit log...</source>
        <translation>Het auditlog wordt gecontroleerd...</translation>
    </message>
    <message>
        <source>The server was restored from a backup (audit entry %1): the entries written after that backup are gone, and this check now compares with the restored log.</source>
        <translation>De server is teruggezet uit een back-up (auditregel %1): wat na die back-up in het log stond is weg, en deze controle vergelijkt nu met het teruggezette log.</translation>
    </message>
    <message>
        <source>This was the first check from this profile: the audit key is now remembered, and later checks compare with it.</source>
        <translation>Dit was de eerste controle vanuit dit profiel: de auditsleutel is nu onthouden, en latere controles vergelijken daarmee.</translation>
    </message>
    <message>
        <source>The audit log was changed, cut short or replaced. Do not repair or restore anything on the server yourself: keep it as it is, tell the other coordinators and whoever runs the server, and have the server examined. This profile keeps the last verified state to compare with.</source>
        <translation>Het auditlog is gewijzigd, ingekort of vervangen. Herstel of vervang zelf niets op de server: laat alles zoals het is, licht de andere coördinatoren en de beheerder van de server in, en laat de server onderzoeken. Dit profiel bewaart de laatst gecontroleerde stand om mee te vergelijken.</translation>
    </message>
    <message numerus="yes">
        <source>Audit log verified: %n entries, unbroken and consistent with the previous check.</source>
        <translation>
            <numerusform>Auditlog gecontroleerd: %n regel, ononderbroken en in lijn met de vorige controle.</numerusform>
            <numerusform>Auditlog gecontroleerd: %n regels, ononderbroken en in lijn met de vorige controle.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::CaseListModel</name>
    <message>
        <source>Notice</source>
        <translation>Let op</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Confidant</source>
        <translation>Vertrouwenspersoon</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Laatst gewijzigd</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>Open taken</translation>
    </message>
    <message>
        <source>Retention until</source>
        <translation>Wordt gewist op</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::CaseListPage</name>
    <message>
        <source>Cases</source>
        <translation>Zaken</translation>
    </message>
    <message numerus="yes">
        <source>The server cannot be reached; trying again in %n second(s).</source>
        <translation>
            <numerusform>De server is niet bereikbaar; over %n seconde opnieuw proberen.</numerusform>
            <numerusform>De server is niet bereikbaar; over %n seconden opnieuw proberen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cases that failed verification</source>
        <translation>Zaken die niet door de controle kwamen</translation>
    </message>
    <message>
        <source>S&amp;how them</source>
        <translation>&amp;Tonen</translation>
    </message>
    <message>
        <source>Show the cases that failed verification</source>
        <translation>De zaken tonen die niet door de controle kwamen</translation>
    </message>
    <message>
        <source>Cases with records in quarantine</source>
        <translation>Zaken met records in quarantaine</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>Z&amp;oeken:</translation>
    </message>
    <message>
        <source>Title or confidant</source>
        <translation>Titel of vertrouwenspersoon</translation>
    </message>
    <message>
        <source>Search cases</source>
        <translation>Zaken zoeken</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Filter op status</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Only m&amp;ine</source>
        <translation>&amp;Alleen mijn zaken</translation>
    </message>
    <message>
        <source>My cases</source>
        <translation>Mijn zaken</translation>
    </message>
    <message>
        <source>Cases you are the confidant of or have an open task in</source>
        <translation>Zaken waarvan je de vertrouwenspersoon bent of waarin je een open taak hebt</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Vernieuwen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Read the cases again (F5)</source>
        <translation>De zaken opnieuw lezen (F5)</translation>
    </message>
    <message>
        <source>Cases read</source>
        <translation>Zaken gelezen</translation>
    </message>
    <message>
        <source>%v of %m cases</source>
        <translation>%v van %m zaken</translation>
    </message>
    <message>
        <source>Case list status</source>
        <translation>Status van de zakenlijst</translation>
    </message>
    <message>
        <source>Case list</source>
        <translation>Zakenlijst</translation>
    </message>
    <message>
        <source>Reading the cases…</source>
        <translation>De zaken worden gelezen…</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n zaak</numerusform>
            <numerusform>%n zaken</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The server was restored from a backup: this computer gave back what the server missed of %n case(s).</source>
        <translation>
            <numerusform>De server is teruggezet uit een back-up: deze computer heeft teruggegeven wat de server miste van %n zaak.</numerusform>
            <numerusform>De server is teruggezet uit een back-up: deze computer heeft teruggegeven wat de server miste van %n zaken.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The server was restored from a backup: this computer opened %n case(s) again that you opened after that backup.</source>
        <translation>
            <numerusform>De server is teruggezet uit een back-up: deze computer heeft %n zaak die je na die back-up opende opnieuw geopend.</numerusform>
            <numerusform>De server is teruggezet uit een back-up: deze computer heeft %n zaken die je na die back-up opende opnieuw geopend.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) failed verification; they stay in the list, marked.</source>
        <translation>
            <numerusform>%n zaak kwam niet door de controle; ze blijft gemarkeerd in de lijst staan.</numerusform>
            <numerusform>%n zaken kwamen niet door de controle; ze blijven gemarkeerd in de lijst staan.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) hold records in quarantine.</source>
        <translation>
            <numerusform>%n zaak heeft records in quarantaine.</numerusform>
            <numerusform>%n zaken hebben records in quarantaine.</numerusform>
        </translation>
    </message>
    <message>
        <source>A case has changed</source>
        <translation>Een zaak is gewijzigd</translation>
    </message>
    <message>
        <source>Weerbaar</source>
        <translation>Weerbaar</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::CaseView</name>
    <message>
        <source>confidant</source>
        <translation>vertrouwenspersoon</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>coördinator</translation>
    </message>
    <message>
        <source>peer</source>
        <translation>peer</translation>
    </message>
    <message>
        <source>researcher</source>
        <translation>onderzoeker</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Transfer progress</source>
        <translation>Voortgang van het versturen of ophalen</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>Zaak %1</translation>
    </message>
    <message>
        <source>Case title</source>
        <translation>Titel van de zaak</translation>
    </message>
    <message>
        <source>Reading the case…</source>
        <translation>De zaak wordt gelezen…</translation>
    </message>
    <message>
        <source>Case status</source>
        <translation>Status van de zaak</translation>
    </message>
    <message>
        <source>Case notice</source>
        <translation>Mededeling bij de zaak</translation>
    </message>
    <message>
        <source>Last action</source>
        <translation>Laatste actie</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Notitie</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Nieuwe notitie</translation>
    </message>
    <message>
        <source>C&amp;ontact</source>
        <translation>&amp;Gesprek</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>Nieuw gespreksverslag</translation>
    </message>
    <message>
        <source>&amp;Referral</source>
        <translation>Doo&amp;rverwijzing</translation>
    </message>
    <message>
        <source>New referral</source>
        <translation>Nieuwe doorverwijzing</translation>
    </message>
    <message>
        <source>&amp;Task</source>
        <translation>&amp;Taak</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>Nieuwe taak</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Status wijzigen</translation>
    </message>
    <message>
        <source>&amp;Hand over…</source>
        <translation>&amp;Overdragen…</translation>
    </message>
    <message>
        <source>Hand over the case</source>
        <translation>De zaak overdragen</translation>
    </message>
    <message>
        <source>Sh&amp;are</source>
        <translation>&amp;Delen</translation>
    </message>
    <message>
        <source>Share the case</source>
        <translation>De zaak delen</translation>
    </message>
    <message>
        <source>&amp;Unshare…</source>
        <translation>&amp;Uit de zaak verwijderen…</translation>
    </message>
    <message>
        <source>Remove a member from the case</source>
        <translation>Een lid uit de zaak verwijderen</translation>
    </message>
    <message>
        <source>A&amp;dd attachment…</source>
        <translation>Bijlage toe&amp;voegen…</translation>
    </message>
    <message>
        <source>Add an attachment</source>
        <translation>Een bijlage toevoegen</translation>
    </message>
    <message>
        <source>Case sections</source>
        <translation>Onderdelen van de zaak</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>&amp;Intake</source>
        <translation>&amp;Intake</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Do&amp;wnload attachment…</source>
        <translation>Bijlage op&amp;halen…</translation>
    </message>
    <message>
        <source>Save the selected attachment</source>
        <translation>De gekozen bijlage opslaan</translation>
    </message>
    <message>
        <source>Time&amp;line</source>
        <translation>Ti&amp;jdlijn</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Taak</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Uitvoerder</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Einddatum</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Taken</translation>
    </message>
    <message>
        <source>Com&amp;plete</source>
        <translation>A&amp;fronden</translation>
    </message>
    <message>
        <source>Complete the selected task</source>
        <translation>De gekozen taak afronden</translation>
    </message>
    <message>
        <source>Assi&amp;gn…</source>
        <translation>&amp;Aan iemand toewijzen…</translation>
    </message>
    <message>
        <source>Assign the selected task</source>
        <translation>De gekozen taak toewijzen</translation>
    </message>
    <message>
        <source>Tas&amp;ks</source>
        <translation>Ta&amp;ken</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Lid</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Sleutel</translation>
    </message>
    <message>
        <source>Members of the case</source>
        <translation>Leden van de zaak</translation>
    </message>
    <message>
        <source>Mem&amp;bers</source>
        <translation>&amp;Leden</translation>
    </message>
    <message>
        <source>This case failed verification and is not shown.</source>
        <translation>Deze zaak kwam niet door de controle en wordt niet getoond.</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>closed, outcome: %1</source>
        <translation>gesloten, uitkomst: %1</translation>
    </message>
    <message>
        <source>Confidant: %1</source>
        <translation>Vertrouwenspersoon: %1</translation>
    </message>
    <message>
        <source>Kept until %1</source>
        <translation>Wordt gewist op %1</translation>
    </message>
    <message numerus="yes">
        <source>The server was restored from a backup and had lost %n record(s) of this case; this computer gave them back, and the case is whole again.</source>
        <translation>
            <numerusform>De server is teruggezet uit een back-up en miste %n record van deze zaak; deze computer heeft het teruggegeven, en de zaak is weer compleet.</numerusform>
            <numerusform>De server is teruggezet uit een back-up en miste %n records van deze zaak; deze computer heeft ze teruggegeven, en de zaak is weer compleet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) in quarantine: unreadable and ignored; the rest of the case is in order. Report it to the coordinator.</source>
        <translation>
            <numerusform>%n record in quarantaine: onleesbaar en genegeerd; de rest van de zaak is in orde. Meld het bij de coördinator.</numerusform>
            <numerusform>%n records in quarantaine: onleesbaar en genegeerd; de rest van de zaak is in orde. Meld het bij de coördinator.</numerusform>
        </translation>
    </message>
    <message>
        <source>Showing the copy verified earlier; checking with the server…</source>
        <translation>Je ziet de eerder gecontroleerde kopie; controleren bij de server…</translation>
    </message>
    <message>
        <source>The intake is in quarantine and cannot be shown.</source>
        <translation>De intake staat in quarantaine en kan niet getoond worden.</translation>
    </message>
    <message>
        <source>done</source>
        <translation>afgerond</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>ingetrokken</translation>
    </message>
    <message>
        <source>verified by you</source>
        <translation>door jou gecontroleerd</translation>
    </message>
    <message>
        <source>not verified by you</source>
        <translation>niet door jou gecontroleerd</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Opgeslagen.</translation>
    </message>
    <message>
        <source>Status changed.</source>
        <translation>Status gewijzigd.</translation>
    </message>
    <message>
        <source>Status changed. The case is kept until %1.</source>
        <translation>Status gewijzigd. De zaak wordt gewist op %1.</translation>
    </message>
    <message>
        <source>Select a task first.</source>
        <translation>Kies eerst een taak.</translation>
    </message>
    <message>
        <source>Task completed.</source>
        <translation>Taak afgerond.</translation>
    </message>
    <message>
        <source>Encrypting and sending %1…</source>
        <translation>%1 wordt versleuteld en verstuurd…</translation>
    </message>
    <message>
        <source>Attached. The file name could not be kept as it was; it is stored as &quot;%1&quot;.</source>
        <translation>Toegevoegd. De bestandsnaam kon niet ongewijzigd blijven; hij is opgeslagen als &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Attached &quot;%1&quot;.</source>
        <translation>&quot;%1&quot; toegevoegd.</translation>
    </message>
    <message>
        <source>Select an attachment in the timeline first.</source>
        <translation>Kies eerst een bijlage in de tijdlijn.</translation>
    </message>
    <message>
        <source>Save the attachment</source>
        <translation>Bijlage opslaan</translation>
    </message>
    <message>
        <source>Receiving and decrypting %1…</source>
        <translation>%1 wordt opgehaald en ontsleuteld…</translation>
    </message>
    <message>
        <source>Saved as %1.</source>
        <translation>Opgeslagen als %1.</translation>
    </message>
    <message>
        <source>Research codes</source>
        <translation>Onderzoekscodes</translation>
    </message>
    <message>
        <source>The research codes of this case were not updated (%1). The next change or &quot;Update research codes&quot; in the Research menu catches up.</source>
        <translation>De onderzoekscodes van deze zaak zijn niet bijgewerkt (%1). De volgende wijziging of &quot;Onderzoekscodes bijwerken&quot; in het menu Onderzoeksexport haalt dat in.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ChoicePage</name>
    <message>
        <source>Welcome to Weerbaar</source>
        <translation>Welkom bij Weerbaar</translation>
    </message>
    <message>
        <source>This computer has no Weerbaar profile yet. What do you want to do?</source>
        <translation>Op deze computer staat nog geen Weerbaar-profiel. Wat wil je doen?</translation>
    </message>
    <message>
        <source>&amp;I am joining an existing organisation</source>
        <translation>&amp;Ik sluit me aan bij een bestaande organisatie</translation>
    </message>
    <message>
        <source>I am joining an existing organisation</source>
        <translation>Ik sluit me aan bij een bestaande organisatie</translation>
    </message>
    <message>
        <source>I am &amp;founding the organisation (first coordinator)</source>
        <translation>Ik richt de &amp;organisatie op (eerste coördinator)</translation>
    </message>
    <message>
        <source>I am founding the organisation (first coordinator)</source>
        <translation>Ik richt de organisatie op (eerste coördinator)</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ConnectionPage</name>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Your coordinator gives you the server address and its certificate file.</source>
        <translation>Je coördinator geeft je het adres van de server en het certificaatbestand.</translation>
    </message>
    <message>
        <source>host:port, e.g. weerbaar.example.nl:50051</source>
        <translation>host:poort, bijv. weerbaar.example.nl:50051</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>&amp;Serveradres</translation>
    </message>
    <message>
        <source>Bro&amp;wse...</source>
        <translation>&amp;Bladeren...</translation>
    </message>
    <message>
        <source>Choose the server certificate file</source>
        <translation>Het certificaatbestand van de server kiezen</translation>
    </message>
    <message>
        <source>Server &amp;certificate file</source>
        <translation>&amp;Certificaatbestand van de server</translation>
    </message>
    <message>
        <source>Server certificate</source>
        <translation>Certificaat van de server</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem);;All files (*)</source>
        <translation>Certificaten (*.crt *.pem);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>Boo&amp;tstrap code</source>
        <translation>&amp;Opstartcode</translation>
    </message>
    <message>
        <source>The server&apos;s administrator gives you the server address, its certificate file and the one-time bootstrap code.</source>
        <translation>De beheerder van de server geeft je het adres van de server, het certificaatbestand en de eenmalige opstartcode.</translation>
    </message>
    <message>
        <source>Enter the bootstrap code the server printed when it first started.</source>
        <translation>Typ de opstartcode die de server liet zien toen hij voor het eerst startte.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ContactDialog</name>
    <message>
        <source>New contact</source>
        <translation>Nieuw gespreksverslag</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Datum:</translation>
    </message>
    <message>
        <source>&amp;Minutes:</source>
        <translation>&amp;Minuten:</translation>
    </message>
    <message>
        <source>&amp;Kind of contact:</source>
        <translation>&amp;Soort contact:</translation>
    </message>
    <message>
        <source>&amp;Report:</source>
        <translation>&amp;Gespreksverslag:</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::FingerprintPage</name>
    <message>
        <source>Compare the organisation&apos;s fingerprint</source>
        <translation>Vergelijk de vingerafdruk van de organisatie</translation>
    </message>
    <message>
        <source>Call your coordinator and compare these digits group by group. Go on only when every digit matches: otherwise you could be talking to someone else&apos;s server.</source>
        <translation>Bel je coördinator en vergelijk deze cijfers groep voor groep. Ga alleen verder als elk cijfer klopt: anders praat je misschien met de server van iemand anders.</translation>
    </message>
    <message>
        <source>Organisation fingerprint to compare</source>
        <translation>Vingerafdruk van de organisatie om te vergelijken</translation>
    </message>
    <message>
        <source>I have &amp;compared this fingerprint and it matches</source>
        <translation>Ik heb deze vingerafdruk vergeleken en hij &amp;klopt</translation>
    </message>
    <message>
        <source>I have compared this fingerprint and it matches</source>
        <translation>Ik heb deze vingerafdruk vergeleken en hij klopt</translation>
    </message>
    <message>
        <source>or type the digits your coordinator reads out</source>
        <translation>of typ de cijfers die je coördinator voorleest</translation>
    </message>
    <message>
        <source>&amp;Fingerprint as read out</source>
        <translation>&amp;Vingerafdruk zoals voorgelezen</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::FirstRunWizard</name>
    <message>
        <source>Set up Weerbaar</source>
        <translation>Weerbaar instellen</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::HandoverDialog</name>
    <message>
        <source>Hand over the case</source>
        <translation>De zaak overdragen</translation>
    </message>
    <message>
        <source>&amp;Remove the previous confidant from the case</source>
        <translation>&amp;De vorige vertrouwenspersoon uit de zaak verwijderen</translation>
    </message>
    <message>
        <source>&amp;To confidant:</source>
        <translation>&amp;Nieuwe vertrouwenspersoon:</translation>
    </message>
    <message>
        <source>Remove the previous confidant</source>
        <translation>De vorige vertrouwenspersoon verwijderen</translation>
    </message>
    <message>
        <source>Choose the confidant to hand the case to.</source>
        <translation>Kies de vertrouwenspersoon aan wie je de zaak overdraagt.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::IntakeForm</name>
    <message>
        <source>Has an end date</source>
        <translation>Heeft een einddatum</translation>
    </message>
    <message>
        <source>%1: has a date</source>
        <translation>%1: heeft een datum</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>(kies)</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::KeyVerifyDialog</name>
    <message>
        <source>Verify the key of a member</source>
        <translation>De sleutel van een lid controleren</translation>
    </message>
    <message>
        <source>The key of %1 changed since you last saw it. Call %1, ask them to read their fingerprint, compare it with the one below and type what you hear.</source>
        <translation>De sleutel van %1 is veranderd sinds je hem het laatst zag. Bel %1, vraag om de vingerafdruk voor te lezen, vergelijk die met de vingerafdruk hieronder en typ wat je hoort.</translation>
    </message>
    <message>
        <source>New fingerprint</source>
        <translation>Nieuwe vingerafdruk</translation>
    </message>
    <message>
        <source>New fingerprint:</source>
        <translation>Nieuwe vingerafdruk:</translation>
    </message>
    <message>
        <source>Fingerprint the member reads</source>
        <translation>Vingerafdruk die het lid voorleest</translation>
    </message>
    <message>
        <source>&amp;What the member reads:</source>
        <translation>&amp;Wat het lid voorleest:</translation>
    </message>
    <message>
        <source>&amp;Verified</source>
        <translation>&amp;Gecontroleerd</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Gecontroleerd</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::MainWindow</name>
    <message>
        <source>Weerbaar</source>
        <translation>Weerbaar</translation>
    </message>
    <message>
        <source>Unlocked as %1 (%2)</source>
        <translation>Ontgrendeld als %1 (%2)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Vergrendeld</translation>
    </message>
    <message>
        <source>Logged out: your session at the server has ended</source>
        <translation>Afgemeld: je sessie bij de server is beëindigd</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;Nieuwe zaak…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Vergrendelen</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>Af&amp;melden</translation>
    </message>
    <message>
        <source>End your session at the server and lock</source>
        <translation>Beëindig je sessie bij de server en vergrendel</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Weergave</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation>&amp;Hoog contrast</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Taal</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>The new language is used from the next start of Weerbaar.</source>
        <translation>De nieuwe taal wordt gebruikt vanaf de volgende keer dat je Weerbaar start.</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Instellingen…</translation>
    </message>
    <message>
        <source>Work area</source>
        <translation>Werkgebied</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>&amp;Zaken</translation>
    </message>
    <message>
        <source>&amp;My tasks</source>
        <translation>&amp;Mijn taken</translation>
    </message>
    <message>
        <source>M&amp;embers</source>
        <translation>L&amp;eden</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>Zaak %1</translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) restored</source>
        <translation>
            <numerusform>%n concept hersteld</numerusform>
            <numerusform>%n concepten hersteld</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation>Vergrendelen na minuten zonder gebruik</translation>
    </message>
    <message>
        <source>&amp;Lock after (minutes without use):</source>
        <translation>Vergrendelen na (minuten zonder &amp;gebruik):</translation>
    </message>
    <message>
        <source>Research e&amp;xport</source>
        <translation>Onderzoekse&amp;xport</translation>
    </message>
    <message>
        <source>Make an &amp;export…</source>
        <translation>&amp;Export maken…</translation>
    </message>
    <message>
        <source>&amp;Open a package…</source>
        <translation>Pakket &amp;openen…</translation>
    </message>
    <message>
        <source>&amp;Update research codes</source>
        <translation>Onderzoekscodes &amp;bijwerken</translation>
    </message>
    <message>
        <source>Make the research &amp;key…</source>
        <translation>Onderzoeks&amp;sleutel maken…</translation>
    </message>
    <message>
        <source>&amp;Give the research key…</source>
        <translation>Onderzoekssleutel &amp;geven…</translation>
    </message>
    <message>
        <source>Research key given.</source>
        <translation>Onderzoekssleutel gegeven.</translation>
    </message>
    <message>
        <source>The server has a new certificate, confirmed by its pinned audit key (fingerprint %1).</source>
        <translation>De server heeft een nieuw certificaat, bevestigd door zijn vastgezette auditsleutel (vingerafdruk %1).</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradres</translation>
    </message>
    <message>
        <source>&amp;Server address (host:port):</source>
        <translation>&amp;Serveradres (host:poort):</translation>
    </message>
    <message>
        <source>Server address changed; it is used from the next unlock.</source>
        <translation>Serveradres gewijzigd; het geldt vanaf de volgende keer ontgrendelen.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::MemberListModel</name>
    <message>
        <source>your own key</source>
        <translation>je eigen sleutel</translation>
    </message>
    <message>
        <source>verified by you</source>
        <translation>door jou gecontroleerd</translation>
    </message>
    <message>
        <source>KEY CHANGED: check first (call them and choose Verify)</source>
        <translation>SLEUTEL GEWIJZIGD: eerst controleren (bel en kies Controleren)</translation>
    </message>
    <message>
        <source>not verified by you</source>
        <translation>niet door jou gecontroleerd</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (jij)</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>ingetrokken</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>not active</source>
        <translation>niet actief</translation>
    </message>
    <message>
        <source>This member&apos;s key is not the one you knew (%1). Cases are not shared with them until you check it: call them, have them read their fingerprint and choose Verify.</source>
        <translation>De sleutel van dit lid is niet de sleutel die je kende (%1). Zaken worden niet met hem of haar gedeeld tot je hem controleert: bel, laat de vingerafdruk voorlezen en kies Controleren.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Vingerafdruk</translation>
    </message>
    <message>
        <source>Key check</source>
        <translation>Sleutelcontrole</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::MembersPage</name>
    <message>
        <source>Changed keys</source>
        <translation>Gewijzigde sleutels</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Leden</translation>
    </message>
    <message>
        <source>Mem&amp;bers:</source>
        <translation>&amp;Leden:</translation>
    </message>
    <message>
        <source>Ver&amp;ify...</source>
        <translation>&amp;Controleren...</translation>
    </message>
    <message>
        <source>Verify the member&apos;s key</source>
        <translation>De sleutel van het lid controleren</translation>
    </message>
    <message>
        <source>Co&amp;py fingerprint</source>
        <translation>Vingerafdruk &amp;kopiëren</translation>
    </message>
    <message>
        <source>Copy fingerprint</source>
        <translation>Vingerafdruk kopiëren</translation>
    </message>
    <message>
        <source>Refres&amp;h</source>
        <translation>&amp;Vernieuwen</translation>
    </message>
    <message>
        <source>Refresh members</source>
        <translation>Leden vernieuwen</translation>
    </message>
    <message>
        <source>&amp;Revoke...</source>
        <translation>&amp;Intrekken...</translation>
    </message>
    <message>
        <source>Revoke the member</source>
        <translation>Het lid intrekken</translation>
    </message>
    <message>
        <source>Check &amp;audit log...</source>
        <translation>&amp;Auditlog controleren...</translation>
    </message>
    <message>
        <source>Check the audit log</source>
        <translation>Het auditlog controleren</translation>
    </message>
    <message>
        <source>Requests to join</source>
        <translation>Aanmeldingen</translation>
    </message>
    <message>
        <source>Approve a request only after the person read you their fingerprint by phone.</source>
        <translation>Keur een aanmelding pas goed als de persoon je de vingerafdruk telefonisch heeft voorgelezen.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Requested (server time)</source>
        <translation>Aangemeld (servertijd)</translation>
    </message>
    <message>
        <source>A&amp;pprove...</source>
        <translation>&amp;Goedkeuren...</translation>
    </message>
    <message>
        <source>Approve the request</source>
        <translation>De aanmelding goedkeuren</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Fetching members...</source>
        <translation>Leden worden opgehaald...</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s).</source>
        <translation>
            <numerusform>%n lid.</numerusform>
            <numerusform>%n leden.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (invalid request: not signed by its keys)</source>
        <translation>%1 (ongeldige aanmelding: niet ondertekend met de eigen sleutels)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>KEY CHANGED: %1. Nothing is shared with them until you check the new key: call them on a number you know, have them read their fingerprint, select them and choose Verify. If they did not set up a new device or passphrase, tell your coordinator.</source>
        <translation>SLEUTEL GEWIJZIGD: %1. Er wordt niets met hem of haar gedeeld tot je de nieuwe sleutel controleert: bel op een nummer dat je al kende, laat de vingerafdruk voorlezen, kies het lid en kies Controleren. Heeft hij of zij geen nieuw apparaat of nieuwe wachtwoordzin ingesteld, meld het dan bij je coördinator.</translation>
    </message>
    <message>
        <source>Key verified.</source>
        <translation>Sleutel gecontroleerd.</translation>
    </message>
    <message numerus="yes">
        <source>Fingerprint copied; the clipboard is cleared in %n second(s).</source>
        <translation>
            <numerusform>Vingerafdruk gekopieerd; het klembord wordt over %n seconde gewist.</numerusform>
            <numerusform>Vingerafdruk gekopieerd; het klembord wordt over %n seconden gewist.</numerusform>
        </translation>
    </message>
    <message>
        <source>Member approved.</source>
        <translation>Lid goedgekeurd.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Nieuwe zaak</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>Zaak &amp;openen</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Zaak openen</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Weggooien</translation>
    </message>
    <message>
        <source>Discard the intake</source>
        <translation>De melding weggooien</translation>
    </message>
    <message>
        <source>&amp;Close (keep as draft)</source>
        <translation>&amp;Sluiten (als concept bewaren)</translation>
    </message>
    <message>
        <source>Close and keep the intake as a draft</source>
        <translation>Sluiten en de melding als concept bewaren</translation>
    </message>
    <message>
        <source>Opening the case...</source>
        <translation>De zaak wordt geopend...</translation>
    </message>
    <message>
        <source>The intake is not complete: see the marked fields.</source>
        <translation>De melding is niet volledig: zie de gemarkeerde velden.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::NoteDialog</name>
    <message>
        <source>New note</source>
        <translation>Nieuwe notitie</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notitie:</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ReferralDialog</name>
    <message>
        <source>New referral</source>
        <translation>Nieuwe doorverwijzing</translation>
    </message>
    <message>
        <source>Referred &amp;to:</source>
        <translation>&amp;Doorverwezen naar:</translation>
    </message>
    <message>
        <source>&amp;Note (optional):</source>
        <translation>&amp;Notitie (optioneel):</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ResearchBackfillDialog</name>
    <message>
        <source>Update research codes</source>
        <translation>Onderzoekscodes bijwerken</translation>
    </message>
    <message>
        <source>Records the research codes (coded facts, never names or notes) of every case you can read, so that cases from before the research key are counted in exports too.</source>
        <translation>Legt de onderzoekscodes vast (gecodeerde feiten, nooit namen of notities) van elke zaak die je kunt lezen, zodat ook zaken van voor de onderzoekssleutel meetellen in exports.</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultaat</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start updating the research codes</source>
        <translation>Begin met het bijwerken van de onderzoekscodes</translation>
    </message>
    <message>
        <source>Research codes stored for %1 of %2 cases.</source>
        <translation>Onderzoekscodes vastgelegd voor %1 van %2 zaken.</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) failed verification and were skipped.</source>
        <translation>
            <numerusform>%n zaak kon niet worden gecontroleerd en is overgeslagen.</numerusform>
            <numerusform>%n zaken konden niet worden gecontroleerd en zijn overgeslagen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) have no usable intake.</source>
        <translation>
            <numerusform>%n zaak heeft geen bruikbare intake.</numerusform>
            <numerusform>%n zaken hebben geen bruikbare intake.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ResearchExportDialog</name>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Bladeren…</translation>
    </message>
    <message>
        <source>Choose the folder</source>
        <translation>Kies de map</translation>
    </message>
    <message>
        <source>Folder for the new folder</source>
        <translation>Map waarin de nieuwe map komt</translation>
    </message>
    <message>
        <source>Make a research export</source>
        <translation>Onderzoeksexport maken</translation>
    </message>
    <message>
        <source>(none: the package is not encrypted)</source>
        <translation>(niemand: het pakket wordt niet versleuteld)</translation>
    </message>
    <message>
        <source>research-%1</source>
        <translation>onderzoek-%1</translation>
    </message>
    <message>
        <source>&amp;From quarter:</source>
        <translation>&amp;Vanaf kwartaal:</translation>
    </message>
    <message>
        <source>&amp;To quarter:</source>
        <translation>&amp;Tot en met kwartaal:</translation>
    </message>
    <message>
        <source>&amp;k (smallest group):</source>
        <translation>&amp;k (kleinste groep):</translation>
    </message>
    <message>
        <source>&amp;Epsilon (privacy budget):</source>
        <translation>&amp;Epsilon (privacybudget):</translation>
    </message>
    <message>
        <source>Encrypt for &amp;researcher:</source>
        <translation>Versleutelen voor &amp;onderzoeker:</translation>
    </message>
    <message>
        <source>Save &amp;in folder:</source>
        <translation>Opslaan &amp;in map:</translation>
    </message>
    <message>
        <source>New fol&amp;der name:</source>
        <translation>Naam van de nieuwe &amp;map:</translation>
    </message>
    <message>
        <source>Export result</source>
        <translation>Resultaat van de export</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xporteren</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporteren</translation>
    </message>
    <message>
        <source>Choose a folder and a name for the new folder.</source>
        <translation>Kies een map en een naam voor de nieuwe map.</translation>
    </message>
    <message>
        <source>Package written: %1</source>
        <translation>Pakket geschreven: %1</translation>
    </message>
    <message>
        <source>Encrypted for %1: only they can open it.</source>
        <translation>Versleuteld voor %1: alleen die kan het openen.</translation>
    </message>
    <message>
        <source>Period %1 – %2, k = %3, epsilon = %4</source>
        <translation>Periode %1 – %2, k = %3, epsilon = %4</translation>
    </message>
    <message>
        <source>Cases in the period: %1; published: %2; removed: %3 (%4%); published with one characteristic starred: %5 (%6%)</source>
        <translation>Zaken in de periode: %1; gepubliceerd: %2; weggelaten: %3 (%4%); gepubliceerd met één kenmerk op *: %5 (%6%)</translation>
    </message>
    <message>
        <source>Generalisation: period %1, region %2, office %3</source>
        <translation>Veralgemening: periode %1, regio %2, ambt %3</translation>
    </message>
    <message>
        <source>Noise in %1: %2</source>
        <translation>Ruis in %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n research record(s) could not be used (an older key or unknown codes); &quot;Update research codes&quot; renews them.</source>
        <translation>
            <numerusform>%n onderzoeksrecord was niet bruikbaar (een oudere sleutel of onbekende codes); &quot;Onderzoekscodes bijwerken&quot; vernieuwt het.</numerusform>
            <numerusform>%n onderzoeksrecords waren niet bruikbaar (een oudere sleutel of onbekende codes); &quot;Onderzoekscodes bijwerken&quot; vernieuwt ze.</numerusform>
        </translation>
    </message>
    <message>
        <source>Privacy ledger entry %1; budget left per quarter: epsilon %2</source>
        <translation>Privacylogboek regel %1; kleinste resterende budget per kwartaal: epsilon %2</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ResearchGrantDialog</name>
    <message>
        <source>Give the research key</source>
        <translation>Onderzoekssleutel geven</translation>
    </message>
    <message>
        <source>Give &amp;to coordinator:</source>
        <translation>Geven &amp;aan coördinator:</translation>
    </message>
    <message>
        <source>&amp;Give</source>
        <translation>&amp;Geven</translation>
    </message>
    <message>
        <source>Choose the coordinator to give the research key to.</source>
        <translation>Kies de coördinator die de onderzoekssleutel krijgt.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ResearchKeyDialog</name>
    <message>
        <source>Make the research key</source>
        <translation>Onderzoekssleutel maken</translation>
    </message>
    <message>
        <source>&amp;Replace the existing key (after revoking a coordinator who held it)</source>
        <translation>Bestaande sleutel &amp;vervangen (na intrekking van een coördinator die hem had)</translation>
    </message>
    <message>
        <source>Makes the organisation&apos;s research key, certified with the organisation key that only the founding coordinator holds. From then on every writing client records each case&apos;s research codes for it. A key made again replaces the earlier one: give it to the other exporting coordinators again, and update the research codes.</source>
        <translation>Maakt de onderzoekssleutel van de organisatie, ondertekend met de organisatiesleutel die alleen de oprichtende coördinator heeft. Vanaf dan legt elke schrijvende client de onderzoekscodes van een zaak ervoor vast. Een opnieuw gemaakte sleutel vervangt de vorige: geef hem dan opnieuw aan de andere exporterende coördinatoren, en werk de onderzoekscodes bij.</translation>
    </message>
    <message>
        <source>Replace the existing research key</source>
        <translation>De bestaande onderzoekssleutel vervangen</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultaat</translation>
    </message>
    <message>
        <source>&amp;Make the key</source>
        <translation>Sleutel &amp;maken</translation>
    </message>
    <message>
        <source>Research key %1 made and certified with the organisation key. Cases made before it are counted once their members run &quot;Update research codes&quot;.</source>
        <translation>Onderzoekssleutel %1 gemaakt en ondertekend met de organisatiesleutel. Zaken van daarvoor tellen mee zodra hun leden &quot;Onderzoekscodes bijwerken&quot; doen.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ResearchOpenDialog</name>
    <message>
        <source>Open a research package</source>
        <translation>Onderzoekspakket openen</translation>
    </message>
    <message>
        <source>research-package</source>
        <translation>onderzoekspakket</translation>
    </message>
    <message>
        <source>Cho&amp;ose…</source>
        <translation>Kie&amp;zen…</translation>
    </message>
    <message>
        <source>Choose the package</source>
        <translation>Kies het pakket</translation>
    </message>
    <message>
        <source>Research package</source>
        <translation>Onderzoekspakket</translation>
    </message>
    <message>
        <source>Research packages (*.wbrp);;All files (*)</source>
        <translation>Onderzoekspakketten (*.wbrp);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>&amp;Package:</source>
        <translation>&amp;Pakket:</translation>
    </message>
    <message>
        <source>Save &amp;in folder:</source>
        <translation>Opslaan &amp;in map:</translation>
    </message>
    <message>
        <source>New fol&amp;der name:</source>
        <translation>Naam van de nieuwe &amp;map:</translation>
    </message>
    <message>
        <source>Package details</source>
        <translation>Over het pakket</translation>
    </message>
    <message>
        <source>Op&amp;en</source>
        <translation>&amp;Openen</translation>
    </message>
    <message>
        <source>Open the package</source>
        <translation>Het pakket openen</translation>
    </message>
    <message>
        <source>Choose the package file (.wbrp).</source>
        <translation>Kies het pakketbestand (.wbrp).</translation>
    </message>
    <message>
        <source>Choose a folder and a name for the new folder.</source>
        <translation>Kies een map en een naam voor de nieuwe map.</translation>
    </message>
    <message>
        <source>Package verified: made by %1 on %2</source>
        <translation>Pakket gecontroleerd: gemaakt door %1 op %2</translation>
    </message>
    <message>
        <source>It was encrypted for you.</source>
        <translation>Het was voor jou versleuteld.</translation>
    </message>
    <message>
        <source>Period %1 – %2, k = %3, epsilon = %4</source>
        <translation>Periode %1 – %2, k = %3, epsilon = %4</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written to %1</source>
        <translation>
            <numerusform>%n bestand geschreven in %1</numerusform>
            <numerusform>%n bestanden geschreven in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Warning: the privacy ledger does not name this package. Ask the coordinator who made it.</source>
        <translation>Let op: het privacylogboek noemt dit pakket niet. Vraag de coördinator die het maakte ernaar.</translation>
    </message>
    <message>
        <source>Recorded in the privacy ledger, entry %1</source>
        <translation>Vastgelegd in het privacylogboek, regel %1</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ResultPage</name>
    <message>
        <source>Your fingerprint</source>
        <translation>Je vingerafdruk</translation>
    </message>
    <message>
        <source>&amp;Copy your fingerprint</source>
        <translation>Je vingerafdruk &amp;kopiëren</translation>
    </message>
    <message>
        <source>Copy your fingerprint</source>
        <translation>Je vingerafdruk kopiëren</translation>
    </message>
    <message>
        <source>Your fingerprint:</source>
        <translation>Je vingerafdruk:</translation>
    </message>
    <message>
        <source>The organisation&apos;s fingerprint</source>
        <translation>De vingerafdruk van de organisatie</translation>
    </message>
    <message>
        <source>Copy the &amp;organisation fingerprint</source>
        <translation>Vingerafdruk van de &amp;organisatie kopiëren</translation>
    </message>
    <message>
        <source>Copy the organisation fingerprint</source>
        <translation>Vingerafdruk van de organisatie kopiëren</translation>
    </message>
    <message>
        <source>Organisation fingerprint:</source>
        <translation>Vingerafdruk van de organisatie:</translation>
    </message>
    <message>
        <source>The organisation exists</source>
        <translation>De organisatie bestaat</translation>
    </message>
    <message>
        <source>Your request has been sent</source>
        <translation>Je aanmelding is verstuurd</translation>
    </message>
    <message>
        <source>You are its first coordinator. Give every new member the organisation fingerprint below, by phone or in person, so they can check it. Keep your passphrase safe: your keystore holds the organisation&apos;s root key.</source>
        <translation>Je bent de eerste coördinator. Geef elk nieuw lid de vingerafdruk van de organisatie hieronder, telefonisch of persoonlijk, zodat hij of zij die kan controleren. Bewaar je wachtwoordzin goed: je sleutelopslag bevat de hoofdsleutel van de organisatie.</translation>
    </message>
    <message>
        <source>Call your coordinator and read your fingerprint out, group by group. Once they have approved you, open Weerbaar and unlock it with your passphrase.</source>
        <translation>Bel je coördinator en lees je vingerafdruk groep voor groep voor. Zodra je bent goedgekeurd, open je Weerbaar en ontgrendel je het met je wachtwoordzin.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::RevokeMemberDialog</name>
    <message>
        <source>Revoke %1</source>
        <translation>%1 intrekken</translation>
    </message>
    <message>
        <source>Revoke a member</source>
        <translation>Een lid intrekken</translation>
    </message>
    <message>
        <source>Revoke %1?

- %1 is logged out at once and can no longer log in.
- %1 cannot read anything written after this; every case %1 belongs to gets a new key.
- What %1 could read before stays known to them: revoking does not take it back.
- This cannot be undone: to return, %1 must ask to join again with new keys and be approved.</source>
        <translation>%1 intrekken?

- %1 wordt meteen afgemeld en kan niet meer inloggen.
- %1 kan niets meer lezen dat hierna geschreven wordt; elke zaak waarvan %1 lid is, krijgt een nieuwe sleutel.
- Wat %1 eerder kon lezen, blijft bij hem of haar bekend: intrekken maakt dat niet ongedaan.
- Dit is niet terug te draaien: om terug te komen moet %1 zich opnieuw aanmelden met nieuwe sleutels en goedgekeurd worden.</translation>
    </message>
    <message>
        <source>Revoke &amp;anyway: cases without another member get a retention deadline and nobody can read them again</source>
        <translation>&amp;Toch intrekken: zaken zonder ander lid krijgen een bewaartermijn en niemand kan ze nog lezen</translation>
    </message>
    <message>
        <source>Revoke even when cases keep no other member</source>
        <translation>Ook intrekken als zaken geen ander lid overhouden</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Probleem</translation>
    </message>
    <message>
        <source>&amp;Revoke %1</source>
        <translation>%1 &amp;intrekken</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Intrekken</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>%1 is revoked. Cases with a new key: %2; waiting for another member to renew the key: %3; without another member (retention deadline set): %4.</source>
        <translation>%1 is ingetrokken. Zaken met een nieuwe sleutel: %2; wachten tot een ander lid de sleutel vernieuwt: %3; zonder ander lid (bewaartermijn gezet): %4.</translation>
    </message>
    <message>
        <source>A case could not get its new key yet: %1</source>
        <translation>Een zaak kon nog geen nieuwe sleutel krijgen: %1</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::SetupPage</name>
    <message>
        <source>Working</source>
        <translation>Bezig</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ShareDialog</name>
    <message>
        <source>Share the case</source>
        <translation>De zaak delen</translation>
    </message>
    <message>
        <source>Share &amp;with:</source>
        <translation>&amp;Delen met:</translation>
    </message>
    <message>
        <source>Choose the member to share the case with.</source>
        <translation>Kies het lid met wie je de zaak deelt.</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::StatusDialog</name>
    <message>
        <source>Change status</source>
        <translation>Status wijzigen</translation>
    </message>
    <message>
        <source>(choose an outcome)</source>
        <translation>(kies een uitkomst)</translation>
    </message>
    <message>
        <source>Stat&amp;us:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>&amp;Uitkomst:</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::TaskDialog</name>
    <message>
        <source>New task</source>
        <translation>Nieuwe taak</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Assignee:</source>
        <translation>&amp;Uitvoerder:</translation>
    </message>
    <message>
        <source>&amp;Due:</source>
        <translation>&amp;Einddatum:</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::TaskListPage</name>
    <message>
        <source>My tasks</source>
        <translation>Mijn taken</translation>
    </message>
    <message>
        <source>Cases that could not be verified</source>
        <translation>Zaken die niet gecontroleerd konden worden</translation>
    </message>
    <message>
        <source>Cases read</source>
        <translation>Zaken gelezen</translation>
    </message>
    <message>
        <source>%v of %m cases</source>
        <translation>%v van %m zaken</translation>
    </message>
    <message>
        <source>Task list status</source>
        <translation>Status van de takenlijst</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Vernieuwen</translation>
    </message>
    <message>
        <source>Refresh my tasks</source>
        <translation>Mijn taken vernieuwen</translation>
    </message>
    <message>
        <source>Read the tasks again (F5)</source>
        <translation>De taken opnieuw lezen (F5)</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Taak</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Zaak</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Einddatum</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Reading the tasks…</source>
        <translation>De taken worden gelezen…</translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1 (te laat)</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>geen datum</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) could not be verified; their tasks are not shown.</source>
        <translation>
            <numerusform>%n zaak kon niet gecontroleerd worden; de taken daarvan worden niet getoond.</numerusform>
            <numerusform>%n zaken konden niet gecontroleerd worden; hun taken worden niet getoond.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open task(s)</source>
        <translation>
            <numerusform>%n open taak</numerusform>
            <numerusform>%n open taken</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::TimelineModel</name>
    <message>
        <source>(author&apos;s clock differs)</source>
        <translation>(klok van de auteur wijkt af)</translation>
    </message>
    <message>
        <source>(replaced by #%1)</source>
        <translation>(vervangen door #%1)</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::UnlockPage</name>
    <message>
        <source>Weerbaar is locked. Enter your passphrase to continue.</source>
        <translation>Weerbaar is vergrendeld. Typ je wachtwoordzin om verder te gaan.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Wachtwoordzin</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Ontgrendelen</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Bezig met ontgrendelen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Je wachtwoordzin:</translation>
    </message>
    <message>
        <source>Weerbaar</source>
        <translation>Weerbaar</translation>
    </message>
    <message>
        <source>Enter your passphrase.</source>
        <translation>Typ je wachtwoordzin.</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Ontgrendelen…</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::UnshareDialog</name>
    <message>
        <source>Remove a member from the case</source>
        <translation>Een lid uit de zaak verwijderen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Verwijderen</translation>
    </message>
    <message>
        <source>Choose the member to remove.</source>
        <translation>Kies het lid dat je uit de zaak verwijdert.</translation>
    </message>
    <message>
        <source>&amp;Member:</source>
        <translation>&amp;Lid:</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::VerifyKeyDialog</name>
    <message>
        <source>Verify %1</source>
        <translation>%1 controleren</translation>
    </message>
    <message>
        <source>Verify a member&apos;s key</source>
        <translation>De sleutel van een lid controleren</translation>
    </message>
    <message>
        <source>Call %1 on a number you know is theirs. Ask them to read out their fingerprint (Weerbaar shows it under Members) and type what you hear. Do not use a number or message that came with a request to verify.</source>
        <translation>Bel %1 op een nummer waarvan je zeker weet dat het van hem of haar is. Vraag om de vingerafdruk voor te lezen (Weerbaar toont die onder Leden) en typ wat je hoort. Gebruik geen nummer of bericht dat bij een verzoek om te controleren werd meegestuurd.</translation>
    </message>
    <message>
        <source>The fingerprint this client has for %1:</source>
        <translation>De vingerafdruk die deze client heeft voor %1:</translation>
    </message>
    <message>
        <source>Fingerprint this client has</source>
        <translation>Vingerafdruk die deze client heeft</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopiëren</translation>
    </message>
    <message>
        <source>Copy fingerprint</source>
        <translation>Vingerafdruk kopiëren</translation>
    </message>
    <message>
        <source>&amp;Fingerprint as %1 reads it:</source>
        <translation>&amp;Vingerafdruk zoals %1 hem voorleest:</translation>
    </message>
    <message>
        <source>Fingerprint as the member reads it</source>
        <translation>Vingerafdruk zoals het lid hem voorleest</translation>
    </message>
    <message>
        <source>12345 67890 ...</source>
        <translation>12345 67890 ...</translation>
    </message>
    <message>
        <source>Problem with the fingerprint</source>
        <translation>Probleem met de vingerafdruk</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Controleren</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Controleren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::WriteDialog</name>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Versturen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Versturen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Annuleren</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Voortgang</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Sluiten</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
</context>
</TS>

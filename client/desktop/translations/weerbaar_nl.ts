<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>CaseRow</name>
    <message>
        <source>Case %1 (not verified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INTEGRITY FAILURE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed since you last opened it here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::AccountPage</name>
    <message>
        <source>Your name and passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your passphrase protects your keys on this computer. Nobody can reset it: write it down somewhere safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. bram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Found the organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ask to join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same passphrase twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ApproveMemberDialog</name>
    <message>
        <source>Approve %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call %1 on a number you know is theirs and have them read out the fingerprint their client showed when they asked to join. Type it here: only when it matches the keys of the request is %1 approved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with the role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint as the member reads it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>12345 67890 ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with the fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fingerprint as read out:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier key of this name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I checked by phone that this is the same person: &amp;replace the earlier key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the new key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

This client knew another key for %2.
Earlier key:  %3
New key:      %4

Approve only when you are sure it is the same person (for example: they lost their passphrase and asked to join again).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::AssignTaskDialog</name>
    <message>
        <source>Assign the task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assign to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the member to give the task to.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::AuditCheckDialog</name>
    <message>
        <source>Check the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result of the audit log check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the audit log again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the audit log...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log verified: %1 entries, unbroken and consistent with the previous check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This was the first check from this profile: the audit key is now remembered, and later checks compare with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log was changed, cut short or replaced. Do not repair or restore anything on the server yourself: keep it as it is, tell the other coordinators and whoever runs the server, and have the server examined. This profile keeps the last verified state to compare with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::CaseListModel</name>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention until</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::CaseListPage</name>
    <message>
        <source>Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The server cannot be reached; trying again in %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cases that failed verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;how them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the cases that failed verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases with records in quarantine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title or confidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;My cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases you are the confidant of or have an open task in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the cases again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case list status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the cases…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) failed verification; they stay in the list, marked.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) hold records in quarantine.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>A case has changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weerbaar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::CaseView</name>
    <message>
        <source>confidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>researcher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ontact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hand over…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand over the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sh&amp;are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unshare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove a member from the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;dd attachment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Intake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do&amp;wnload attachment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time&amp;line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Com&amp;plete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete the selected task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assi&amp;gn…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign the selected task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tas&amp;ks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members of the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mem&amp;bers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This case failed verification and is not shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed, outcome: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidant: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) in quarantine: unreadable and ignored; the rest of the case is in order. Report it to the coordinator.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Showing the copy verified earlier; checking with the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The intake is in quarantine and cannot be shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not verified by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status changed. The case is kept until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a task first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypting and sending %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached. The file name could not be kept as it was; it is stored as &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an attachment in the timeline first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving and decrypting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ChoicePage</name>
    <message>
        <source>Welcome to Weerbaar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer has no Weerbaar profile yet. What do you want to do?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;I am joining an existing organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I am joining an existing organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I am &amp;founding the organisation (first coordinator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I am founding the organisation (first coordinator)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ConnectionPage</name>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your coordinator gives you the server address and its certificate file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host:port, e.g. weerbaar.example.nl:50051</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the server certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bootstrap code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s administrator gives you the server address, its certificate file and the one-time bootstrap code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the bootstrap code the server printed when it first started.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ContactDialog</name>
    <message>
        <source>New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Minutes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind of contact:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Report:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::FingerprintPage</name>
    <message>
        <source>Compare the organisation&apos;s fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call your coordinator and compare these digits group by group. Go on only when every digit matches: otherwise you could be talking to someone else&apos;s server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation fingerprint to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have &amp;compared this fingerprint and it matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have compared this fingerprint and it matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or type the digits your coordinator reads out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fingerprint as read out</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::FirstRunWizard</name>
    <message>
        <source>Set up Weerbaar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::HandoverDialog</name>
    <message>
        <source>Hand over the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove the previous confidant from the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To confidant:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the previous confidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the confidant to hand the case to.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::IntakeForm</name>
    <message>
        <source>Has an end date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: has a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::KeyVerifyDialog</name>
    <message>
        <source>Verify the key of a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of %1 changed since you last saw it. Call %1, ask them to read their fingerprint, compare it with the one below and type what you hear.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint the member reads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;What the member reads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::MainWindow</name>
    <message>
        <source>Weerbaar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocked as %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language is used from the next start of Weerbaar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;My tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;embers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) restored</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock after (minutes without use):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::MemberListModel</name>
    <message>
        <source>your own key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KEY CHANGED: check first (call them and choose Verify)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not verified by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This member&apos;s key is not the one you knew (%1). Cases are not shared with them until you check it: call them, have them read their fingerprint and choose Verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key check</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::MembersPage</name>
    <message>
        <source>Changed keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Members:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the member&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revoke...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check &amp;audit log...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests to join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve a request only after the person read you their fingerprint by phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested (server time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;pprove...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching members...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (invalid request: not signed by its keys)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KEY CHANGED: %1. Nothing is shared with them until you check the new key: call them on a number you know, have them read their fingerprint, select them and choose Verify. If they did not set up a new device or passphrase, tell your coordinator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Fingerprint copied; the clipboard is cleared in %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Member approved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard the intake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close (keep as draft)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close and keep the intake as a draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the case...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The intake is not complete: see the marked fields.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::NoteDialog</name>
    <message>
        <source>New note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ReferralDialog</name>
    <message>
        <source>New referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred &amp;to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note (optional):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ResultPage</name>
    <message>
        <source>Your fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy your fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy your fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The organisation&apos;s fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the &amp;organisation fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the organisation fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The organisation exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your request has been sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are its first coordinator. Give every new member the organisation fingerprint below, by phone or in person, so they can check it. Keep your passphrase safe: your keystore holds the organisation&apos;s root key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call your coordinator and read your fingerprint out, group by group. Once they have approved you, open Weerbaar and unlock it with your passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::RevokeMemberDialog</name>
    <message>
        <source>Revoke %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke %1?

- %1 is logged out at once and can no longer log in.
- %1 cannot read anything written after this; every case %1 belongs to gets a new key.
- What %1 could read before stays known to them: revoking does not take it back.
- This cannot be undone: to return, %1 must ask to join again with new keys and be approved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke &amp;anyway: cases without another member get a retention deadline and nobody can read them again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke even when cases keep no other member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revoke %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is revoked. Cases with a new key: %2; waiting for another member to renew the key: %3; without another member (retention deadline set): %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A case could not get its new key yet: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::SetupPage</name>
    <message>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::ShareDialog</name>
    <message>
        <source>Share the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share &amp;with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the member to share the case with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::StatusDialog</name>
    <message>
        <source>Change status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose an outcome)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::TaskDialog</name>
    <message>
        <source>New task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assignee:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Due:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::TaskListPage</name>
    <message>
        <source>My tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases that could not be verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task list status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh my tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the tasks again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the tasks…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no date</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) could not be verified; their tasks are not shown.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open task(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::TimelineModel</name>
    <message>
        <source>(author&apos;s clock differs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(replaced by #%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::UnlockPage</name>
    <message>
        <source>Weerbaar is locked. Enter your passphrase to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weerbaar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::UnshareDialog</name>
    <message>
        <source>Remove a member from the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the member to remove.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::VerifyKeyDialog</name>
    <message>
        <source>Verify %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify a member&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call %1 on a number you know is theirs. Ask them to read out their fingerprint (weerbaar-desktop shows it on their Members tab) and type what you hear. Do not use a number or message that came with a request to verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fingerprint this client has for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint this client has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fingerprint as %1 reads it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint as the member reads it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>12345 67890 ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with the fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>weerbaar::desktop::WriteDialog</name>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

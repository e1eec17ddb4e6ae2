from django.core.mail import EmailMultiAlternatives

from conum.taches import tache


@tache(queue="courriels")
def envoyer_courriel(destinataires: list[str], sujet: str, texte: str, html: str = "") -> None:
    message = EmailMultiAlternatives(subject=sujet, body=texte, to=destinataires)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()

"""The survey's own words in the customer's language. The survey page, its messages and the SMS are
shown in the invitation's language whatever the interface language is, and Russian has no gettext
catalogue here: the three languages are kept side by side in this one table (as papers/rendering.py)."""

TEXTS = {
    "et": {
        "title": "Tagasiside",
        "intro": "Aitäh, et võtsite meiega ühendust. Palun vastake kolmele lühikesele küsimusele.",
        "satisfaction": "Kui rahul olite teenindusega?",
        "scale_low": "1 – väga rahulolematu",
        "scale_high": "5 – väga rahul",
        "solved": "Kas teie küsimus sai lahendatud?",
        "yes": "Jah",
        "no": "Ei",
        "comment": "Mida soovite lisada? (ei ole kohustuslik)",
        "submit": "Saada vastus",
        "thanks": "Aitäh! Teie vastus on kätte saadud.",
        "used": "Selle lingiga on juba vastatud. Vastust ei saa muuta ega uuesti saata.",
        "expired": "Selle küsitluse vastamise aeg on läbi.",
        "unknown": "Sellist küsitlust ei ole. Kontrollige linki.",
        "invalid": "Palun vastake kahele esimesele küsimusele.",
        "too_long": "Teie lisatud tekst on liiga pikk: palun lühendage see {n} märgini.",
        "skip": "Mine sisu juurde",
        "privacy": "Vastus on seotud ainult pöördumisega, mitte teie nimega.",
        "sms": "Palun andke tagasisidet meie teeninduse kohta: {url}",
    },
    "en": {
        "title": "Feedback",
        "intro": "Thank you for contacting us. Please answer three short questions.",
        "satisfaction": "How satisfied were you with the service?",
        "scale_low": "1 – very dissatisfied",
        "scale_high": "5 – very satisfied",
        "solved": "Was your question solved?",
        "yes": "Yes",
        "no": "No",
        "comment": "Anything you would like to add? (optional)",
        "submit": "Send the answer",
        "thanks": "Thank you! Your answer has been received.",
        "used": "This link has already been used to answer. The answer cannot be changed or sent again.",
        "expired": "The time to answer this survey is over.",
        "unknown": "There is no such survey. Please check the link.",
        "invalid": "Please answer the first two questions.",
        "too_long": "Your text is too long: please shorten it to {n} characters.",
        "skip": "Skip to content",
        "privacy": "Your answer is linked to the contact only, not to your name.",
        "sms": "Please give us feedback on our service: {url}",
    },
    "ru": {
        "title": "Отзыв",
        "intro": "Спасибо, что обратились к нам. Пожалуйста, ответьте на три коротких вопроса.",
        "satisfaction": "Насколько вы довольны обслуживанием?",
        "scale_low": "1 – совсем не доволен",
        "scale_high": "5 – очень доволен",
        "solved": "Был ли решён ваш вопрос?",
        "yes": "Да",
        "no": "Нет",
        "comment": "Что бы вы хотели добавить? (необязательно)",
        "submit": "Отправить ответ",
        "thanks": "Спасибо! Ваш ответ получен.",
        "used": "По этой ссылке уже ответили. Ответ нельзя изменить или отправить ещё раз.",
        "expired": "Срок ответа на этот опрос истёк.",
        "unknown": "Такого опроса нет. Пожалуйста, проверьте ссылку.",
        "invalid": "Пожалуйста, ответьте на первые два вопроса.",
        "too_long": "Ваш текст слишком длинный: пожалуйста, сократите его до {n} символов.",
        "skip": "Перейти к содержанию",
        "privacy": "Ответ связан только с обращением, а не с вашим именем.",
        "sms": "Пожалуйста, оцените наше обслуживание: {url}",
    },
}
LANGUAGES = tuple(TEXTS)


def texts(language: str) -> dict[str, str]:
    return TEXTS.get(language, TEXTS["et"])
